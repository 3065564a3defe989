use crate::lint::model::{Instr, Kind};
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};
use crate::syntax::{json_array, NearArray};

declare_rule! {
    /// ## What it does
    /// Reports `CMD` and `ENTRYPOINT` (and `HEALTHCHECK CMD`) written in shell form. A line
    /// written in brackets that is not JSON (`CMD ["python", 'app.py']`: single quotes,
    /// words without quotes, a comma after the last item) is shell form too, and a broken
    /// one: the message says what JSON it was meant to be.
    ///
    /// ## Why is this bad?
    /// In shell form Docker runs `/bin/sh -c "..."`: the shell becomes PID 1, so `docker stop`
    /// sends SIGTERM to the shell, which does not pass it on. The program is killed after
    /// the timeout instead of shutting down cleanly. The JSON (exec) form runs the program
    /// directly. (BuildKit's `JSONArgsRecommended` check.)
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD gunicorn app:app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["gunicorn", "app:app"]
    /// ```
    ///
    /// A command that reads variables (`-b 0.0.0.0:$PORT`) needs the shell to expand them;
    /// there the shell can hand over to the app with `exec`:
    /// ```dockerfile
    /// CMD ["/bin/sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT app:app"]
    /// ```
    ///
    /// The bracketed mistakes are worse than a slow stop: the shell looks for a program named
    /// `[python,` and the container exits at once. hadolint reports them as plain shell form.
    ///
    /// ## Fix safety
    /// Unsafe: without a shell, variables (`$PORT`) are no longer expanded and shell syntax
    /// no longer works. A bracketed mistake is rewritten as the JSON it was meant to be. The
    /// fix is offered when the command has no shell syntax, and, for
    /// one command on one line whose only shell syntax is `$` variables, as
    /// `["/bin/sh", "-c", "exec ..."]`, which still needs a shell in the image.
    RULE = {
        code: "DL3025",
        name: "json-args",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3025"),
        buildkit: Some("JSONArgsRecommended"),
        fix: Unsafe,
        check: check,
    }
}

fn to_json(words: &[String]) -> String {
    json_array(words.iter().map(String::as_str))
}

/// The messages for a shell-form `CMD` or `ENTRYPOINT`, by whether it starts with `exec`
/// and whether it expands `$` variables (`[plain, expands, exec, exec and expands]`): written
/// out for each keyword, where formatting the keyword into each finding's message cost more
/// than the rest of the finding.
macro_rules! shell_form_messages {
    ($keyword:literal) => {
        [
            concat!("`", $keyword, "` in shell form runs the app under `/bin/sh`, which does not pass on the stop signal: `docker stop` cannot stop it cleanly; it is killed after 10 s. Write it in JSON form (`[\"program\", \"arg\"]`) so the app gets the signal itself"),
            concat!("`", $keyword, "` in shell form runs the app under `/bin/sh`, which does not pass on the stop signal: `docker stop` cannot stop it cleanly; it is killed after 10 s. It reads `$` variables, which only a shell expands, so keep the shell and let it hand over with `exec`: `[\"/bin/sh\", \"-c\", \"exec ...\"]`"),
            // `exec` already hands PID 1 to the app: the stop signal arrives.
            concat!("`", $keyword, "` in shell form starts `/bin/sh` first; its `exec` hands over to the app, so `docker stop` still reaches it, but the JSON form (`[\"program\", \"arg\"]`) needs no shell at all"),
            concat!("`", $keyword, "` in shell form: its `exec` already hands over to the app, so `docker stop` reaches it, and its `$` variables need the shell; the JSON form that behaves the same is `[\"/bin/sh\", \"-c\", \"exec ...\"]`"),
        ]
    };
}

const SHELL_FORM_CMD: [&str; 4] = shell_form_messages!("CMD");
const SHELL_FORM_ENTRYPOINT: [&str; 4] = shell_form_messages!("ENTRYPOINT");

fn check(ck: &mut Checker) {
    let kinds = [Kind::Cmd, Kind::Entrypoint, Kind::Healthcheck];
    if !kinds.iter().any(|&kind| ck.model.has_kind(kind)) {
        return;
    }
    for instr in &ck.model.instructions {
        let shell_form = match instr.kind {
            Kind::Cmd | Kind::Entrypoint => instr.json.is_none() && !instr.text.is_empty(),
            Kind::Healthcheck => {
                let t = instr.text.trim_start();
                let cmd = t.get(..3).is_some_and(|k| k.eq_ignore_ascii_case("CMD"));
                cmd && !crate::syntax::is_exec_form(&t[3..])
            }
            _ => false,
        };
        if !shell_form {
            continue;
        }
        if instr.kind != Kind::Healthcheck {
            if let Some(near) = crate::syntax::near_string_array(&instr.text) {
                broken_json_form(ck, instr, &near);
                continue;
            }
        }
        // One command on one line whose only shell syntax is `$` variables: the shell is
        // needed to expand them, and `exec` hands PID 1 over to the app.
        let expands = instr.kind != Kind::Healthcheck
            && crate::syntax::expands_named_variables_only(&instr.text);
        let message = if instr.kind == Kind::Healthcheck {
            "`HEALTHCHECK CMD` in shell form runs under `/bin/sh`, so the check fails on an image without a shell; write it in JSON form (`[\"program\", \"arg\"]`) so it runs the program directly"
        } else {
            let exec = instr.text.trim_start().starts_with("exec ");
            let messages = if instr.kind == Kind::Cmd {
                &SHELL_FORM_CMD
            } else {
                &SHELL_FORM_ENTRYPOINT
            };
            messages[usize::from(exec) * 2 + usize::from(expands)]
        };
        let finding = ck.report(instr, message);
        let plain = !instr
            .text
            .contains(['$', '|', '&', ';', '<', '>', '*', '?', '`', '(', ')', '~', '\\', '#', '\n'])
            && instr.kind != Kind::Healthcheck;
        if plain {
            // `CMD exec gunicorn app:app`: the shell's `exec` goes with the shell.
            let args = instr.args();
            let skip = usize::from(args.len() > 1 && args[0].text == "exec");
            // Written from the words as they are, not from copies of them.
            let json = json_array(args[skip..].iter().map(|w| w.text.as_str()));
            finding.add_fix(Fix::unsafe_(
                "Rewrite in JSON form",
                vec![Edit::replace(instr.text_span.clone(), json)],
            ));
        } else if expands {
            let script = instr.text.trim();
            let script = if script.starts_with("exec ") {
                std::borrow::Cow::Borrowed(script)
            } else {
                format!("exec {script}").into()
            };
            finding.add_fix(Fix::unsafe_(
                "Run it through `sh -c \"exec ...\"`",
                vec![Edit::replace(
                    instr.text_span.clone(),
                    json_array(["/bin/sh", "-c", &script]),
                )],
            ));
        }
    }
}

/// `CMD ["python", 'app.py']`: meant as JSON form, but not JSON, so Docker hands the whole
/// line to `/bin/sh -c` and the shell looks for a program named like its first word.
fn broken_json_form(ck: &mut Checker, instr: &Instr, near: &NearArray) {
    let keyword = if instr.kind == Kind::Cmd { "CMD" } else { "ENTRYPOINT" };
    let program = instr
        .args()
        .first()
        .map_or_else(String::new, |word| word.text.to_string());
    let meant = near.words.as_deref().map(to_json);
    // The stage's ENTRYPOINT decides what a CMD is: its arguments (exec form), or nothing.
    let entrypoint = if instr.kind == Kind::Cmd {
        ck.model
            .instructions
            .iter()
            .filter(|other| other.kind == Kind::Entrypoint && other.stage == instr.stage)
            .last()
    } else {
        None
    };
    // `CMD [ 'app' ]`: a lone `[` is the shell's test command, which succeeds and exits.
    let effect = if let Some(entrypoint) = entrypoint {
        if entrypoint.json.is_some() {
            "so Docker hands the stage's ENTRYPOINT the arguments `/bin/sh`, `-c` and this whole line instead of the words meant".to_string()
        } else {
            "so it is shell form, which the stage's shell-form ENTRYPOINT ignores anyway".to_string()
        }
    } else if program == "[" {
        "the shell runs its `[` test command instead of the app: the container exits at once".to_string()
    } else {
        format!("the shell looks for a program named `{program}`: the container stops at once with \"not found\"")
    };
    let effect = if entrypoint.is_some() {
        effect
    } else {
        format!("so Docker runs the whole line with `/bin/sh -c` and {effect}")
    };
    let message = format!(
        "`{keyword}` is written in brackets but is not JSON ({}), {effect}. {}",
        near.mistake,
        match &meant {
            Some(json) => format!("Write it as JSON, with double quotes: `{json}`"),
            None => "Write it as JSON: every item in double quotes, separated by commas".to_string(),
        }
    );
    let finding = ck.report(instr, message);
    if let Some(json) = meant {
        finding.add_fix(Fix::unsafe_(
            "Write it as JSON",
            vec![Edit::replace(instr.text_span.clone(), json)],
        ));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nCMD [\"gunicorn\", \"app:app\"]\nENTRYPOINT [\"tini\", \"--\"]\n",
        "FROM a\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost\"]\n",
    ],
    fail: &[
        "FROM a\nCMD gunicorn app:app\n",
        "FROM a\nENTRYPOINT exec \"$@\"\n",
        "FROM a\nCMD [\"python\", 'app.py']\n",
        "FROM a\nENTRYPOINT [tini, --]\n",
        "FROM a\nCMD ['python', run app]\n",
        "FROM a\nCMD [ 'python', 'app.py' ]\n",
        "FROM a\nENTRYPOINT [\"/usr/bin/xray\", \"-b\", \"0.0.0.0:2000\"]\nCMD ['']\n",
    ],
    fix: &[
        (
            "FROM a\nCMD exec gunicorn app:app\n",
            "FROM a\nCMD [\"gunicorn\", \"app:app\"]\n",
        ),
        (
            "FROM a\nCMD gunicorn -b \"0.0.0.0:80\" app:app\n",
            "FROM a\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:80\", \"app:app\"]\n",
        ),
        (
            "FROM a\nCMD [\"python\", 'app.py']\n",
            "FROM a\nCMD [\"python\", \"app.py\"]\n",
        ),
        (
            "FROM a\nENTRYPOINT [\"tini\", \"--\",]\n",
            "FROM a\nENTRYPOINT [\"tini\", \"--\"]\n",
        ),
        (
            "FROM a\nENV PORT=80\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n",
            "FROM a\nENV PORT=80\nCMD [\"/bin/sh\", \"-c\", \"exec gunicorn -b 0.0.0.0:$PORT app:app\"]\n",
        ),
    ],
};
