use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::stage_instructions;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a final stage that `EXPOSE`s a port but has no `HEALTHCHECK` (itself or in
    /// the stages it builds on).
    ///
    /// ## Why is this bad?
    /// A server that hangs still has a running process: without a health check, Docker,
    /// Compose and Swarm report it as up and keep sending it traffic.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 8000
    /// CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 8000
    /// HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"
    /// CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the right probe depends on the program and on the tools in the image.
    RULE = {
        code: "STG009",
        name: "exposed-without-healthcheck",
        severity: Info,
        category: Correctness,
        hadolint: None,
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Only an `EXPOSE` is reported: most files have none, and their stages are not listed.
    if !model.has_kind(Kind::Expose) {
        return;
    }
    let Some(last) = model.stages.last() else { return };
    // The chain walked in place (`stage_chain`'s order), its instructions not listed.
    let chain = || {
        std::iter::successors(Some(last.index), |&s| {
            model.parent_stage(s).filter(|&parent| parent < s)
        })
    };
    let all = || chain().flat_map(|s| stage_instructions(model, s).iter());
    if model.has_kind(Kind::Healthcheck) && all().any(|i| i.kind == Kind::Healthcheck) {
        return;
    }
    // The final stage comes first in the chain: its first `EXPOSE`, else the nearest parent's.
    if let Some(expose) = all().find(|i| i.kind == Kind::Expose) {
        let port = expose.args().first().map_or("", |w| w.text.as_str());
        // Joined, not formatted: a finding in most files with an `EXPOSE`, where the formatting
        // machinery cost more than the copies.
        let message = [
            "Port ",
            port,
            " is exposed but the image has no `HEALTHCHECK`; Docker cannot tell when the server stops answering",
        ]
        .concat();
        ck.report(expose, message)
            .add_fix(Fix::display_only("Add a `HEALTHCHECK CMD ...` that probes the server", vec![]));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nEXPOSE 80\nHEALTHCHECK CMD curl -f http://localhost/\n",
        "FROM a AS build\nEXPOSE 80\nFROM b\n",
    ],
    fail: &["FROM nginx:1.27\nEXPOSE 80\n"],
    fix: &[],
};
