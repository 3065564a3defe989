use crate::lint::rules::common::{pair_keys, NameSet};

use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::has_args;
use crate::lint::shell::Command;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `yum install` of a package without a version (`httpd` instead of
    /// `httpd-2.4.57`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages change with the repository; rebuilds stop being reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.57 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3033",
        name: "pin-yum-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3033"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn install_args(cmd: &Command, programs: &[&str]) -> Vec<String> {
    if !programs.iter().any(|p| has_args(cmd, p, &["install"])) {
        return Vec::new();
    }
    cmd.args_no_flags()
        .into_iter()
        .map(|w| w.text.as_str().to_owned())
        .filter(|a| a != "install" && a != "module")
        .collect()
}

fn version_like(parts: &[&str]) -> bool {
    !parts.is_empty()
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c))
        })
        && parts
            .iter()
            .any(|p| p.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

fn package_pinned(package: &str, declared: impl Fn(&str) -> bool) -> bool {
    let parts: Vec<&str> = package.split('-').collect();
    if parts.len() <= 1 {
        return false;
    }
    if package.ends_with(".rpm") {
        return true;
    }
    if package.contains('$') {
        // Pinned when it names a declared variable as `${NAME}` anywhere.
        return package.match_indices("${").any(|(at, _)| {
            let rest = &package[at + 2..];
            rest.find('}').is_some_and(|end| declared(&rest[..end]))
        });
    }
    version_like(&parts[1..])
}

/// RUNs that install an RPM package without `name-version` (yum for DL3033, dnf and
/// microdnf for DL3041), with the first such package. `skip` lists subcommands whose
/// arguments are not packages (`group`); `module` arguments need `name:stream`.
///
/// Inlined into each rule: its programs are then known where each command's name is
/// compared with them, in the walk that most files end with.
#[inline(always)]
pub(crate) fn unpinned_rpms<'m>(
    model: &'m crate::lint::Model,
    programs: &[&str],
    skip: &[&str],
) -> Vec<(&'m crate::lint::Instr<'m>, String)> {
    if !programs.iter().any(|p| model.may_run(p)) {
        return Vec::new();
    }
    let names_program = |instr: &crate::lint::Instr| {
        let run = match instr.kind {
            Kind::Onbuild => instr.onbuild.as_deref().unwrap_or(instr),
            _ => instr,
        };
        run.kind == Kind::Run && run.commands().iter().any(|c| programs.iter().any(|p| c.is(p)))
    };
    // Most files never run these programs: no need to collect their ARG and ENV names.
    if !model.instructions.iter().any(names_program) {
        return Vec::new();
    }
    unpinned_rpms_named(model, programs, skip)
}

/// [`unpinned_rpms`] in a file that runs one of `programs`.
fn unpinned_rpms_named<'m>(
    model: &'m crate::lint::Model,
    programs: &[&str],
    skip: &[&str],
) -> Vec<(&'m crate::lint::Instr<'m>, String)> {
    let mut out = Vec::new();
    // ARGs count from wherever they were declared; ENVs only in their own stage. Kept as one
    // set per stage (not copied per RUN) so a file of thousands of RUNs stays linear.
    // Names borrowed from the model: copying each one cost more than the rule on ENV-heavy files.
    let mut args = NameSet::default();
    let mut envs = NameSet::default();
    for instr in &model.instructions {
        match instr.kind {
            Kind::Arg => args.extend(pair_keys(instr)),
            Kind::From => envs.clear(),
            Kind::Env => envs.extend(pair_keys(instr)),
            _ => {}
        }
        let run = match instr.kind {
            Kind::Run => instr,
            Kind::Onbuild => match instr.onbuild.as_deref() {
                Some(i) if i.kind == Kind::Run => i,
                _ => continue,
            },
            _ => continue,
        };
        let mut bad = None;
        for cmd in run.commands() {
            if !programs.iter().any(|p| cmd.is(p)) {
                continue;
            }
            let module = programs.iter().any(|p| has_args(cmd, p, &["module"]));
            let skipped = programs.iter().any(|p| has_args(cmd, p, skip));
            for arg in install_args(cmd, programs) {
                let ok = if module {
                    arg.contains(':')
                } else if skipped {
                    true
                } else {
                    package_pinned(&arg, |name| args.contains(name) || envs.contains(name))
                };
                if !ok && bad.is_none() {
                    bad = Some(arg);
                }
            }
        }
        if let Some(first) = bad {
            out.push((run, first));
        }
    }
    out
}

fn check(ck: &mut Checker) {
    for (run, first) in unpinned_rpms(ck.model, &["yum"], &["module"]) {
        ck.report(run, format!("Pin the yum package version (`{first}-<version>`)"))
            .add_fix(Fix::display_only(format!("Write `{first}-<version>`"), vec![]));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM centos:7\nRUN yum install -y httpd-2.4.6 ./x-1.0.rpm && yum clean all\n"],
    fail: &["FROM centos:7\nRUN yum install -y httpd && yum clean all\n"],
    fix: &[],
};
