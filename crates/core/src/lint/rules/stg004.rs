use crate::dockerignore::Dockerignore;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::copies_whole_context;
use crate::lint::{Checker, Fix, Kind};

declare_rule! {
    /// ## What it does
    /// Reports `COPY . .` (or `ADD .`) when there is no `.dockerignore`, or when it does not
    /// exclude `.git`, `.env` and the stack's local build outputs (`node_modules` for Node,
    /// `__pycache__` and `.venv` for Python, `target` for Rust and Maven). The CLI reads the
    /// `.dockerignore` beside the Dockerfile; the page has a `.dockerignore` pane.
    ///
    /// ## Why is this bad?
    /// Everything the context contains is sent to the builder and copied into the image:
    /// the whole git history, local secrets in `.env`, and hundreds of megabytes of
    /// `node_modules` built for your laptop's platform. It also breaks caching: any change
    /// under `.git` invalidates the `COPY`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . .
    /// ```
    /// with no `.dockerignore`.
    ///
    /// Use instead: a `.dockerignore` beside the Dockerfile:
    /// ```text
    /// .git
    /// .env
    /// node_modules
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the fix is a new file, shown in the finding.
    RULE = {
        code: "STG004",
        name: "context-not-ignored",
        severity: Warning,
        category: Security,
        hadolint: None,
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // The kind asked here first: most instructions are no COPY or ADD, and a call each to
    // ask was most of this search.
    let Some(copy) = model
        .instructions
        .iter()
        .find(|i| matches!(i.kind, Kind::Copy | Kind::Add) && copies_whole_context(i))
    else {
        return;
    };
    // Which tools the file's scripts run (RUN, shell-form CMD and ENTRYPOINT, ONBUILD ones),
    // from the shell view: a word in a comment or a path (`# no npm here`) says nothing.
    let scripts = || {
        model
            .instructions
            .iter()
            .flat_map(|i| std::iter::once(i).chain(i.onbuild.as_deref()))
            .flat_map(|i| i.commands())
    };
    // The stages' images read in place for each question, not listed first (an allocation).
    let image_is = |prefixes: &[&str]| {
        model.stages.iter().any(|s| {
            let image = s.image.short_name();
            prefixes.iter().any(|p| image.starts_with(p))
        })
    };
    // Each group of names to leave out is wanted when a stage's image or a program of the
    // file says so: node, python, then rust and maven.
    let programs: [&[&str]; 3] = [&["npm", "yarn"], &["pip", "pip3"], &["cargo", "mvn"]];
    let mut found = [image_is(&["node"]), image_is(&["python"]), image_is(&["rust", "maven"])];
    // The groups whose programs the scripts may run, looked for in one walk over the
    // commands, where a walk per group read most files' commands twice.
    let mut asked = [false; 3];
    for (group, ask) in asked.iter_mut().enumerate() {
        *ask = !found[group] && programs[group].iter().any(|p| model.may_run(p));
    }
    if asked.contains(&true) {
        for c in scripts() {
            // The program as the model split it off the name (past its last `/`), not
            // searched for again in each command.
            let program = c.program();
            for (group, ask) in asked.iter_mut().enumerate() {
                if *ask && programs[group].contains(&program) {
                    (found[group], *ask) = (true, false);
                }
            }
            if !asked.contains(&true) {
                break;
            }
        }
    }
    // Room for all six: filled without growing.
    let mut wanted = Vec::with_capacity(6);
    wanted.extend([".git", ".env"]);
    if found[0] {
        wanted.push("node_modules");
    }
    if found[1] {
        wanted.extend(["__pycache__", ".venv"]);
    }
    if found[2] {
        wanted.push("target");
    }
    let missing: Vec<&str> = match ck.dockerignore {
        // Everything wanted is missing: the list itself, not a copy.
        None => wanted,
        Some(ignore) => {
            let ignore = Dockerignore::parse(ignore);
            wanted.iter().copied().filter(|w| !ignore.excludes_top_level(w)).collect()
        }
    };
    if missing.is_empty() {
        return;
    }
    let kw = if copy.kind == Kind::Add { "ADD" } else { "COPY" };
    let (head, tail) = match ck.dockerignore {
        None => (" .` copies the whole context and there is no `.dockerignore`: `", "` end up in the image"),
        Some(_) => (" .` copies the whole context and `.dockerignore` does not exclude `", "`"),
    };
    // Written into one string each, sized ahead: a finding in most files that copy the whole
    // context, where a join then a concat (or `format!`) copied the list twice.
    let names: usize = missing.iter().map(|m| m.len()).sum();
    let list = |into: &mut String, separator: &str| {
        for (i, name) in missing.iter().enumerate() {
            if i > 0 {
                into.push_str(separator);
            }
            into.push_str(name);
        }
    };
    let mut message = String::with_capacity(1 + kw.len() + head.len() + names + 4 * (missing.len() - 1) + tail.len());
    message.push('`');
    message.push_str(kw);
    message.push_str(head);
    list(&mut message, "`, `");
    message.push_str(tail);
    const TITLE: &str = "Add to `.dockerignore`: ";
    let mut title = String::with_capacity(TITLE.len() + names + 2 * (missing.len() - 1));
    title.push_str(TITLE);
    list(&mut title, ", ");
    ck.report(copy, message).add_fix(Fix::display_only(title, vec![]));
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCOPY app.py /app/\n"],
    fail: &["FROM node:22\nCOPY . .\n"],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use crate::lint::{lint_with, Config, Options};

    #[test]
    fn reads_the_dockerignore() {
        let config = Config::default();
        let count = |ignore: &str| {
            lint_with(
                "FROM node:22\nCOPY . .\n",
                Options { config: Some(&config), dockerignore: Some(ignore) },
            )
            .iter()
            .filter(|f| f.code == "STG004")
            .count()
        };
        assert_eq!(count(".git\n.env\nnode_modules/\n"), 0);
        assert_eq!(count(".git\n"), 1);
        assert_eq!(count("*\n!src\n"), 0);
    }

    #[test]
    fn asks_for_a_tool_s_outputs_when_a_script_runs_it_not_when_a_comment_names_it() {
        let config = Config::default();
        let message = |text: &str| {
            lint_with(text, Options { config: Some(&config), dockerignore: Some(".git\n.env\n") })
                .into_iter()
                .find(|f| f.code == "STG004")
                .map(|f| f.message)
        };
        let npm = message("FROM debian\nRUN /usr/bin/npm ci\nCOPY . .\n").unwrap();
        assert!(npm.contains("node_modules"), "{npm}");
        assert!(message("FROM debian\nCMD npm start\nCOPY . .\n").unwrap().contains("node_modules"));
        assert_eq!(message("FROM debian\n# npm install is not used here\nCOPY . .\n"), None);
        let cargo = message("FROM debian\nONBUILD RUN cargo build\nCOPY . .\n").unwrap();
        assert!(cargo.contains("target"), "{cargo}");
    }
}
