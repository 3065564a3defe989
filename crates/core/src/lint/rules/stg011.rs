use crate::lint::registry::declare_rule;
use crate::lint::rules::common::runs;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a download piped straight into a shell: `curl ... | sh`, `wget -O- ... | bash`
    /// (also `sudo sh`, `python3`, `node`).
    ///
    /// ## Why is this bad?
    /// The script is whatever the server sends at build time: nothing pins or verifies it,
    /// a compromised or changed script runs as root in your build, and a truncated download
    /// runs half a script. Download to a file, check its checksum, then run it.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
    ///  && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \
    ///  && sh /tmp/install.sh && rm /tmp/install.sh
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the checksum is yours to record.
    RULE = {
        code: "STG011",
        name: "pipe-download-to-shell",
        severity: Warning,
        category: Security,
        hadolint: None,
        buildkit: None,
        fix: None,
        check: check,
    }
}

const SHELLS: &[&str] = &["sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python3", "node", "perl", "ruby"];

fn check(ck: &mut Checker) {
    // Only a download piped on is reported: a file that runs neither tool is not read.
    if !ck.model.may_run("curl") && !ck.model.may_run("wget") {
        return;
    }
    for instr in runs(ck.model) {
        let cmds = instr.commands();
        let found = cmds.windows(2).find(|pair| {
            let (from, to) = (&pair[0], &pair[1]);
            // The download and the pipe first: most pairs are neither, and their runner is
            // not looked for.
            let download = from.is("curl") || from.is("wget");
            let runner = || {
                if to.is("sudo") {
                    to.args.iter().find(|a| !a.text.starts_with('-')).map(|a| a.text.as_str())
                } else {
                    Some(to.program())
                }
            };
            download && from.pipeline == to.pipeline && runner().is_some_and(|r| SHELLS.contains(&r))
        });
        if let Some(pair) = found {
            let (tool, shell) = (pair[0].name.text.clone(), pair[1].program().to_string());
            ck.report(instr, format!("`{tool} ... | {shell}` runs whatever the server sends; download to a file and verify its checksum first"));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nRUN curl -fsSLo /tmp/i.sh https://x/i.sh && sha256sum -c sums && sh /tmp/i.sh\n",
        "FROM a\nRUN curl -fsSL https://x/a.tgz | tar -xz\n",
    ],
    fail: &[
        "FROM a\nRUN curl -fsSL https://x/install.sh | sh\n",
        "FROM a\nRUN wget -qO- https://x/i.sh | sudo bash -s -- -y\n",
    ],
    fix: &[],
};
