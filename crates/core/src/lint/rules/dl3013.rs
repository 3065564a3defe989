use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_any_flag, is_pip_install, runs, words_dropping_values_of};
use crate::lint::shell::Command;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `pip install` of a package without a version specifier, unless it installs
    /// from a requirements file, a constraints file, the local project (`.`), a wheel or
    /// sdist file, a path, or a VCS URL pinned with `@`.
    ///
    /// ## Why is this bad?
    /// `pip install flask` installs the newest release on the day of the build. A rebuild can
    /// silently pick up a new major version.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    /// or list the versions in `requirements.txt` and `pip install -r requirements.txt`.
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3013",
        name: "pin-pip-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3013"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

const FLAGS_WITH_VALUES: &[&str] = &[
    "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i", "index-url",
    "implementation", "no-binary", "only-binary", "platform", "prefix", "progress-bar", "proxy",
    "python", "python-version", "root", "root-user-action", "src", "t", "target", "trusted-host",
    "upgrade-strategy",
];

const VCS: &[&str] = &[
    "git+file", "git+https", "git+ssh", "git+http", "git+git", "git", "hg+file", "hg+http",
    "hg+https", "hg+ssh", "hg+static-http", "svn", "svn+svn", "svn+http", "svn+https", "svn+ssh",
    "bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp",
];

fn pinned(package: &str) -> bool {
    // A version operator (`==`, `>=`, `<=`, `>`, `<`, `!=`, `~=`, `===`) is a `<` or `>`, or
    // a `=`, `!` or `~` before `=`: one pass over the bytes, where a substring search per
    // operator was most of this rule's time (0.25% of lint).
    let bytes = package.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        matches!(b, b'<' | b'>')
            || (matches!(b, b'=' | b'!' | b'~') && bytes.get(i + 1) == Some(&b'='))
    })
        || package.ends_with(".whl")
        || package.ends_with(".tar.gz")
        || pinned_by_location(package)
}

/// A VCS URL pinned at a revision (`git+https://...@v1`), or a path or URL that is not a
/// VCS one. The VCS prefixes are compared only for a package with a `@` or a `/` (few).
fn pinned_by_location(package: &str) -> bool {
    let (at, slash) = (package.contains('@'), package.contains('/'));
    if !(at || slash) {
        return false;
    }
    let vcs = VCS.iter().any(|p| package.starts_with(p));
    (vcs && at) || (!vcs && slash)
}

/// The first package the command installs without a version, if it is a pip install.
fn first_unpinned(cmd: &Command) -> Option<&str> {
    if !is_pip_install(cmd)
        || has_any_flag(cmd, &["constraint", "c"])
        || cmd.arg_texts().any(|a| matches!(a, "--requirement" | "-r" | "."))
    {
        return None;
    }
    // Read as they come: the first unpinned package is all that is wanted.
    let mut words = words_dropping_values_of(cmd, FLAGS_WITH_VALUES).map(|w| w.text.as_str());
    words.find(|w| *w == "install")?;
    words.find(|p| *p != "install" && !pinned(p))
}

fn check(ck: &mut Checker) {
    // Only a pip install is read: a file without one is done at once.
    if !ck.installs_with_pip() {
        return;
    }
    for instr in runs(ck.model) {
        // Only the first is named: the others need not be collected (nor copied).
        if let Some(first) = instr.commands().iter().find_map(first_unpinned) {
            // Joined with `concat`, not `format!`, which cost more than the texts.
            ck.report(
                instr,
                [
                    "Pin the versions of pip packages (`",
                    first,
                    "==<version>`) or install from a requirements file",
                ]
                .concat(),
            )
            .add_fix(Fix::display_only(["Write `", first, "==<version>`"].concat(), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3\nRUN pip install --no-cache-dir -r requirements.txt\n",
        "FROM python:3\nRUN pip install flask==3.0 'requests>=2' ./dist/app.whl .\n",
        "FROM python:3\nRUN pip install -c constraints.txt flask\n",
        "FROM python:3\nRUN pip install git+https://github.com/a/b@v1\n",
    ],
    fail: &[
        "FROM python:3\nRUN pip install --no-cache-dir flask\n",
        "FROM python:3\nRUN pip install -i https://pypi.org/simple flask==1 gunicorn\n",
    ],
    fix: &[],
};

#[cfg(test)]
mod tests {
    /// The one-pass operator test says what a search for each operator says.
    #[test]
    fn operators_read_in_one_pass() {
        for package in [
            "a==1", "a>=1", "a<=1", "a>1", "a<1", "a!=1", "a~=1", "a===1", "a=1", "a!1", "a~1",
            "a=", "=", "!", "~", "a", "=a=", "~~=", "a!", "",
        ] {
            let searched = ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]
                .iter()
                .any(|s| package.contains(s));
            assert_eq!(super::pinned(package), searched, "{package}");
        }
    }
}
