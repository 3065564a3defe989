use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{append_to_run, has_args, image_name, runs};
use crate::lint::{Checker, Fix, Instr};

declare_rule! {
    /// ## What it does
    /// Reports `yarn install` without `yarn cache clean` after it in the same `RUN` (unless
    /// a cache mount covers `.cache/yarn`), in the final stage or a stage a later stage
    /// builds on.
    ///
    /// ## Why is this bad?
    /// Yarn keeps a copy of every package in its cache; in an image that is dead weight,
    /// often as large as `node_modules` itself.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix safety
    /// Appending `yarn cache clean` is safe: it removes only the cache.
    RULE = {
        code: "DL3060",
        name: "yarn-cache-clean",
        severity: Info,
        category: Size,
        hadolint: Some("DL3060"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

fn forgot(instr: &Instr) -> bool {
    let cmds = instr.commands();
    let install = cmds.iter().position(|c| has_args(c, "yarn", &["install"]));
    let clean = cmds.iter().position(|c| has_args(c, "yarn", &["cache"]) && c.has_arg("clean"));
    match (install, clean) {
        (None, _) => false,
        (Some(_), None) => !instr.has_cache_mount_with(".cache/yarn"),
        (Some(i), Some(c)) => c < i,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("yarn") {
        return;
    }
    let model = ck.model;
    let mut found: Vec<&Instr> = Vec::new();
    for instr in runs(model) {
        if !forgot(instr) {
            continue;
        }
        let relevant = match instr.stage {
            None => true,
            Some(s) if s + 1 == model.stages.len() => true,
            Some(s) => model.stages[s].name.as_ref().is_some_and(|n| {
                model.stages.iter().any(|o| image_name(&o.image.raw) == n.text)
            }),
        };
        if relevant {
            found.push(instr);
        }
    }
    for instr in found {
        let append = append_to_run(ck, instr, "yarn cache clean");
        let finding = ck.report(instr, "Run `yarn cache clean` after `yarn install` in the same `RUN`");
        if let Some(edit) = append {
            finding
                .add_fix(Fix::safe("Append `&& yarn cache clean`", vec![edit]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM node:22\nRUN yarn install && yarn cache clean\n"],
    fail: &["FROM node:22\nRUN yarn install --frozen-lockfile\n"],
    fix: &[(
        "FROM node:22\nRUN yarn install\n",
        "FROM node:22\nRUN yarn install \\\n && yarn cache clean\n",
    )],
};
