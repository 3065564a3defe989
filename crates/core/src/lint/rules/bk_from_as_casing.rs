use crate::lint::model::Kind;
use crate::case::is_in_case;
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::from_as;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `FROM ... AS name` where the `AS` keyword is not cased like `FROM`
    /// (`FROM image as name`, `from image AS name`). This is BuildKit's `FromAsCasing`
    /// build check. A `FROM` keyword in mixed case (`From`) is left to
    /// `ConsistentInstructionCasing`.
    ///
    /// ## Why is this bad?
    /// Both spellings work, but mixing them makes the file harder to scan and is usually a
    /// sign of copy and paste.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 as build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS build
    /// ```
    ///
    /// ## Fix safety
    /// Safe: keywords are not case-sensitive, so only the spelling changes.
    RULE = {
        code: "FromAsCasing",
        name: "from-as-casing",
        severity: Warning,
        category: Style,
        hadolint: None,
        buildkit: Some("FromAsCasing"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    for instr in &ck.model.instructions {
        if instr.kind != Kind::From {
            continue;
        }
        let Some((keyword, _)) = from_as(instr) else {
            continue;
        };
        let from = &instr.keyword.text;
        let upper = if is_in_case(from, false) {
            false
        } else if is_in_case(from, true) {
            true
        } else {
            continue;
        };
        if is_in_case(&keyword.text, upper) {
            continue;
        }
        let wanted = if upper {
            crate::case::upper(&keyword.text)
        } else {
            crate::case::lower(&keyword.text)
        };
        ck.report_span(
            instr.line,
            keyword.span.clone(),
            // Joined, not formatted: the formatting machinery cost more than the copies.
            ["`", keyword.text.as_str(), "` and `", from.as_str(), "` are cased differently"].concat(),
        )
        .add_fix(Fix::safe(
            ["Write `", &wanted, "`"].concat(),
            vec![Edit::replace(keyword.span.clone(), wanted)],
        ));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM alpine AS build\nfrom alpine as test\nFrom alpine as mixed\nFROM alpine\n"],
    fail: &[
        "FROM alpine as build\n",
        "from alpine AS build\n",
        "FROM alpine As build\n",
    ],
    fix: &[
        ("FROM debian:12 as builder\n", "FROM debian:12 AS builder\n"),
        ("from debian:12 As builder\n", "from debian:12 as builder\n"),
    ],
};
