//! The rewrite steps, one file each, in the order they run.
//!
//! A step is declared with [`declare_step!`]: its id, title, the stacks it is for, its doc
//! comment (what, why, before/after: shown by `stagecraft rewrite --list-steps`) and its
//! function from the current file to an [`super::Outcome`].

use super::{Context, Language, Outcome};

mod build_breakers;
mod cache_mounts;
mod distroless;
mod dockerignore;
mod hygiene;
mod jlink;
mod layer_order;
mod multi_stage;
mod non_root;
mod pin_base;
mod runtime_polish;
mod slim_base;

/// One step's metadata and function.
pub struct RewriteStep {
    /// Short id, used by `--until`.
    pub id: &'static str,
    pub title: &'static str,
    /// The stacks it is for; empty means every stack.
    pub stacks: &'static [Language],
    /// The doc comment: what it does, why, and an example (empty without the `step-docs`
    /// feature, which the CLI enables and the page does not).
    pub docs: &'static str,
    pub run: fn(&Context) -> Outcome,
}

impl std::fmt::Debug for RewriteStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RewriteStep").field("id", &self.id).finish()
    }
}

macro_rules! declare_step {
    (
        $(#[doc = $doc:literal])*
        $konst:ident = {
            id: $id:literal,
            title: $title:literal,
            stacks: [$($stack:ident),* $(,)?],
            run: $run:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub const $konst: $crate::rewrite::steps::RewriteStep = $crate::rewrite::steps::RewriteStep {
            id: $id,
            title: $title,
            stacks: &[$($crate::rewrite::Language::$stack),*],
            docs: $crate::rewrite::steps::step_docs!(concat!($($doc, "\n"),*)),
            run: $run,
        };
    };
}
pub(crate) use declare_step;

// A step's documentation is for the CLI (`--list-steps`) and the docs; the page never shows
// it, so a build without the `step-docs` feature (the page's) leaves the 10 KB of text out.
#[cfg(feature = "step-docs")]
macro_rules! step_docs {
    ($docs:expr) => {
        $docs
    };
}
#[cfg(not(feature = "step-docs"))]
macro_rules! step_docs {
    ($docs:expr) => {
        ""
    };
}
pub(crate) use step_docs;

/// Every step, in the canonical order.
pub static STEPS: &[&RewriteStep] = &[
    &build_breakers::STEP,
    &pin_base::STEP,
    &slim_base::STEP,
    &dockerignore::STEP,
    &layer_order::STEP,
    &hygiene::STEP,
    &non_root::STEP,
    &multi_stage::STEP,
    &cache_mounts::STEP,
    &runtime_polish::STEP,
    &distroless::STEP,
];

/// The step with this id.
pub fn find(id: &str) -> Option<&'static RewriteStep> {
    STEPS.iter().copied().find(|s| s.id == id)
}

/// "not for this stack" when a step is for other stacks.
pub(crate) fn for_stack(step: &RewriteStep, cx: &Context) -> Result<(), Box<Outcome>> {
    if step.stacks.is_empty() || step.stacks.contains(&cx.stack.language) {
        Ok(())
    } else {
        Err(Box::new(Outcome::NotApplicable(format!(
            "this step is for {} images; this file builds {}",
            step.stacks
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            cx.stack.language.as_str()
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{self, Style};
    use crate::rewrite::{stack, Manifests, Options};

    /// Runs one step on `text`: the new text when it applied, else the outcome.
    fn step(step: &RewriteStep, text: &str) -> Result<String, Box<Outcome>> {
        step_with(step, text, &Options::default())
    }

    /// [`step`] with the caller's options.
    fn step_with(
        step: &RewriteStep,
        text: &str,
        options: &Options,
    ) -> Result<String, Box<Outcome>> {
        match outcome(step, text, options) {
            Outcome::Applied(change) => Ok(edit::apply(text, &change.edits).expect("edits fit")),
            other => Err(Box::new(other)),
        }
    }

    /// What one step makes of `text`, with the file's own lint codes and no manifests.
    fn outcome(step: &RewriteStep, text: &str, options: &Options) -> Outcome {
        outcome_beside(step, text, options, None)
    }

    /// [`outcome`] with a `.dockerignore` beside the file.
    fn outcome_beside(
        step: &RewriteStep,
        text: &str,
        options: &Options,
        dockerignore: Option<&str>,
    ) -> Outcome {
        let file = crate::parse(text);
        let manifests = Manifests::default();
        let stack = stack::detect(&file, &manifests, options);
        // The file's findings, as the walk hands them to a step (up to its size limit).
        let found = crate::lint::lint(text);
        let codes: Vec<&'static str> = found.iter().map(|f| f.code).collect();
        let cx = Context {
            file: &file,
            stack: &stack,
            manifests: &manifests,
            options,
            dockerignore,
            style: Style::of_file(&file),
            codes: &codes,
            findings: Some(&found),
        };
        (step.run)(&cx)
    }

    fn cannot(outcome: Result<String, Box<Outcome>>) -> String {
        match outcome.map_err(|e| *e) {
            Err(Outcome::CannotApply { reason, todo }) => {
                assert!(!todo.is_empty());
                reason
            }
            other => panic!("expected cannot-apply, got {other:?}"),
        }
    }

    #[test]
    fn pin_base_keeps_the_variant_and_leaves_stages_and_digests_alone() {
        let pinned = step(
            &pin_base::STEP,
            "FROM python:slim AS b\nFROM b\nFROM node\n",
        )
        .unwrap();
        assert_eq!(pinned, "FROM python:3.14-slim AS b\nFROM b\nFROM node:26\n");
        assert!(step(&pin_base::STEP, "FROM alpine@sha256:abc\n").is_err());
        let reason = cannot(step(&pin_base::STEP, "FROM example/unknown\n"));
        assert!(reason.contains("example/unknown"), "{reason}");
    }

    #[test]
    fn layer_order_installs_in_the_directory_the_install_ran_in() {
        // `COPY . /app` then `WORKDIR /app`: the moved install must run in /app too, where
        // the manifests are copied, not in `/`.
        let out = step(
            &layer_order::STEP,
            "FROM python:3.13-slim\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        )
        .unwrap();
        assert!(
            out.starts_with("FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt /app/\nRUN pip install -r requirements.txt\nCOPY . /app\n"),
            "{out}"
        );
        // Where the directory is already the install's, nothing is added.
        let same = step(
            &layer_order::STEP,
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        )
        .unwrap();
        assert_eq!(same.matches("WORKDIR").count(), 1, "{same}");
    }

    #[test]
    fn pin_base_writes_only_tags_docker_library_publishes() {
        // `lts` is a release line, not a variant: the tag it stands for today is pinned.
        assert_eq!(
            step(&pin_base::STEP, "FROM node:lts-alpine\n").unwrap(),
            "FROM node:24-alpine3.24\n"
        );
        // Node 4's codename and Alpine's development branch have no versioned form.
        for base in ["node:argon", "alpine:edge"] {
            let reason = cannot(step(&pin_base::STEP, &format!("FROM {base}\n")));
            assert!(reason.contains("tag list has no"), "{base}: {reason}");
        }
        // A variant every version is published with keeps the usual pin.
        assert_eq!(
            step(&pin_base::STEP, "FROM node:alpine\n").unwrap(),
            "FROM node:26-alpine\n"
        );
    }

    #[test]
    fn slim_base_reads_the_tag_before_a_digest() {
        // It wrote `python:sha256:...-slim`, which no registry can resolve.
        let slim = "FROM python:3.14-slim@sha256:ce40764625a4ff50df3548277632e7f96c4e77fe75fa848aae9885476e7df5a4\nCMD [\"python\"]\n";
        assert!(matches!(
            outcome(&slim_base::STEP, slim, &Options::default()),
            Outcome::NotApplicable(_)
        ));
        let full = slim.replace("3.14-slim@", "3.14@");
        let reason = cannot(step(&slim_base::STEP, &full));
        assert!(reason.contains("pinned by digest"), "{reason}");
    }

    #[test]
    fn slim_base_maps_the_suite_the_way_each_image_spells_it() {
        let py = step(&slim_base::STEP, "FROM python:3.12-bookworm\nCMD python\n").unwrap();
        assert!(py.starts_with("FROM python:3.12-slim-bookworm\n"), "{py}");
        let node = step(&slim_base::STEP, "FROM node:22-bookworm\nCMD node\n").unwrap();
        assert!(node.starts_with("FROM node:22-bookworm-slim\n"), "{node}");
        // git is used and the slim image lacks it: it joins the existing install.
        let git = step(
            &slim_base::STEP,
            "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nRUN git clone x\n",
        )
        .unwrap();
        assert!(git.contains("apt-get install -y gcc git\n"), "{git}");
        let reason = cannot(step(
            &slim_base::STEP,
            "FROM python:3.12\nRUN git clone x\n",
        ));
        assert!(reason.contains("git"), "{reason}");
    }

    #[test]
    fn dockerignore_leaves_in_what_the_dockerfile_copies_by_name() {
        let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY Dockerfile.prod .env.production ./\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
        let Outcome::Applied(change) = outcome(&dockerignore::STEP, text, &Options::default())
        else {
            panic!("the step applies");
        };
        let ignore = change.dockerignore.unwrap();
        assert!(
            ignore.contains(".git\n") && ignore.contains("__pycache__/\n"),
            "{ignore}"
        );
        assert!(
            !ignore.contains("Dockerfile*") && !ignore.contains(".env.*"),
            "{ignore}"
        );
        assert!(
            change
                .summary
                .contains("does not add `.env.*`, `Dockerfile*`"),
            "{}",
            change.summary
        );
    }

    #[test]
    fn non_root_puts_its_user_above_the_comments_of_the_next_instruction() {
        let out = step(
            &non_root::STEP,
            "FROM node:20-slim\n# set the timezone\nENV TZ=UTC\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        )
        .unwrap();
        assert!(out.starts_with("FROM node:20-slim\nRUN groupadd"), "{out}");
        assert!(out.contains("\n# set the timezone\nENV TZ=UTC\n"), "{out}");
    }

    #[test]
    fn non_root_names_its_user_so_it_does_not_clash_with_one_the_file_creates() {
        let out = step(
            &non_root::STEP,
            "FROM node:20-slim\nRUN useradd --user-group --create-home --shell /bin/false app\nWORKDIR /home/app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        )
        .unwrap();
        // `useradd app` a second time would stop the build.
        assert!(
            out.contains("RUN groupadd --system --gid 10001 appuser \\\n && useradd --system --uid 10001 --gid appuser --no-log-init --create-home appuser"),
            "{out}"
        );
        let alpine = step(
            &non_root::STEP,
            "FROM alpine:3.20\nRUN addgroup -S app && adduser -S -G app appuser\nCOPY app /app\nCMD [\"/app\"]\n",
        )
        .unwrap();
        assert!(
            alpine.contains("adduser -S -D -u 10001 -G runner runner"),
            "{alpine}"
        );
    }

    #[test]
    fn non_root_knows_the_user_tools_of_any_debian_image_and_of_busybox() {
        // nginx, ruby, php...: Debian images, so useradd (passwd is a required package).
        let nginx = step(
            &non_root::STEP,
            "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nEXPOSE 8080\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        )
        .unwrap();
        assert!(nginx.contains("useradd --system --uid 10001"), "{nginx}");
        // The busybox image has busybox's adduser, which needs -D (no password).
        let busybox = step(
            &non_root::STEP,
            "FROM busybox:1.36\nCOPY app /app\nCMD [\"/app\"]\n",
        )
        .unwrap();
        assert!(
            busybox.contains("adduser -S -D -u 10001 -G app app"),
            "{busybox}"
        );
        // A last line without a line break gets one before USER.
        let unterminated = step(
            &non_root::STEP,
            "FROM debian:bookworm-slim\nCOPY app /app\nCMD [\"/app\"]",
        )
        .unwrap();
        assert!(
            unterminated.ends_with("CMD [\"/app\"]\nUSER 10001\n")
                || unterminated.contains("USER 10001\nCMD [\"/app\"]"),
            "{unterminated}"
        );
        let only_copy = step(&non_root::STEP, "FROM debian:bookworm-slim\nCOPY app /app").unwrap();
        assert!(only_copy.ends_with("/app\nUSER 10001\n"), "{only_copy}");
        // An image nothing describes still says what to do.
        let unknown = step(
            &non_root::STEP,
            "FROM example.org/team/base:7\nCOPY app /app\nCMD [\"/app\"]\n",
        )
        .unwrap_err();
        assert!(
            matches!(*unknown, Outcome::CannotApply { .. }),
            "{unknown:?}"
        );
    }

    #[test]
    fn non_root_uses_busybox_adduser_on_alpine_and_65532_on_distroless() {
        let alpine = step(
            &non_root::STEP,
            "FROM python:3.12-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"a.py\"]\n",
        )
        .unwrap();
        assert!(alpine.contains("adduser -S -D -u 10001"), "{alpine}");
        assert!(
            alpine.contains("COPY --chown=10001:10001 . .\nUSER 10001\nCMD"),
            "{alpine}"
        );
        let distroless = step(
            &non_root::STEP,
            "FROM gcr.io/distroless/static-debian12\nCOPY app /app\nCMD [\"/app\"]\n",
        )
        .unwrap();
        assert!(distroless.contains("USER 65532\nCMD"), "{distroless}");
        assert!(!distroless.contains("RUN"), "{distroless}");
        assert!(step(&non_root::STEP, "FROM python:3.12\nUSER app\n").is_err());
        // Port 80 needs root on most hosts: the person must move the port first.
        let port = cannot(step(
            &non_root::STEP,
            "FROM python:3.12\nEXPOSE 80\nCMD [\"python\", \"a.py\"]\n",
        ));
        assert!(port.contains("port 80"), "{port}");
    }

    #[test]
    fn build_breakers_remove_trailing_comments_and_report_unknown_stages() {
        let fixed = step(&build_breakers::STEP, "FROM a:1\nEXPOSE 8000 # web\n").unwrap();
        assert_eq!(fixed, "FROM a:1\nEXPOSE 8000\n");
        let reason = cannot(step(
            &build_breakers::STEP,
            "FROM a:1\nCOPY --from=buidler /x /x\n",
        ));
        assert!(reason.contains("buidler"), "{reason}");
    }

    #[test]
    fn multi_stage_installs_the_package_manager_outside_the_virtualenv() {
        let app = |install: &str| {
            format!("FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN {install}\nCOPY . .\nCMD [\"python\", \"-m\", \"app\"]\n")
        };
        let out = step(
            &multi_stage::STEP,
            &app(
                "pip install --no-cache-dir poetry==1.8.3 && poetry install --only main --no-root",
            ),
        )
        .unwrap();
        // The image's pip installs Poetry before the virtualenv exists; the virtualenv the
        // runtime copies gets only what Poetry installs.
        assert!(
            out.contains("RUN pip install --no-cache-dir poetry==1.8.3 \\\n && python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\""),
            "{out}"
        );
        assert!(
            out.contains(
                "COPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root\n"
            ),
            "{out}"
        );
        // A RUN that only installs the tool leaves nothing else in the builder.
        let alone = step(&multi_stage::STEP, &app("pip install poetry")).unwrap();
        assert_eq!(alone.matches("pip install poetry").count(), 1, "{alone}");
        // Anything but a tool, a tool installed after something else, or pip told where to
        // install: the RUN is copied as it is.
        for kept in [
            "pip install poetry requests && poetry install",
            "pip install -r requirements.txt && poetry install",
            "pip install --user poetry && poetry install",
            "poetry --version && pip install poetry",
            "pip install poetry || true",
        ] {
            let out = step(&multi_stage::STEP, &app(kept)).unwrap();
            assert!(
                out.contains("RUN python -m venv /opt/venv\n")
                    && out.contains(&format!("RUN {kept}\n")),
                "{kept}: {out}"
            );
        }
    }

    #[test]
    fn multi_stage_fills_a_virtualenv_without_pip_only_where_the_images_pip_can() {
        let app = |base: &str, install: &str| {
            format!("FROM {base}\nWORKDIR /app\nCOPY requirements.txt .\nRUN {install}\nCOPY . .\nCMD [\"python\", \"app.py\"]\n")
        };
        let lean = step(
            &multi_stage::STEP,
            &app("python:3.12-slim", "pip install -r requirements.txt"),
        )
        .unwrap();
        assert!(
            lean.contains("RUN python -m venv --without-pip /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\" VIRTUAL_ENV=/opt/venv PIP_PYTHON=/opt/venv/bin/python\n"),
            "{lean}"
        );
        // An old patch release may ship a pip without `--python`; `python -m pip` looks for
        // pip inside the virtualenv: both keep the virtualenv's own pip.
        for full in [
            app("python:3.10.4-slim", "pip install -r requirements.txt"),
            app("python:3.6-slim", "pip install -r requirements.txt"),
            app(
                "python:3.12-slim",
                "python -m pip install -r requirements.txt",
            ),
        ] {
            let out = step(&multi_stage::STEP, &full).unwrap();
            assert!(out.contains("RUN python -m venv /opt/venv\n"), "{out}");
            assert!(!out.contains("PIP_PYTHON"), "{out}");
        }
    }

    #[test]
    fn multi_stage_gives_a_node_app_without_a_build_only_node_modules_from_the_builder() {
        let app = "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY --chown=10001:10001 . .\nUSER 10001\nCMD [\"node\", \"server.js\"]\n";
        let split = |ignore: Option<&str>| match outcome_beside(
            &multi_stage::STEP,
            app,
            &Options::default(),
            ignore,
        ) {
            Outcome::Applied(change) => edit::apply(app, &change.edits).expect("edits fit"),
            other => panic!("expected applied, got {other:?}"),
        };
        // The runtime: node_modules from the builder, then the source from the context, so
        // a code edit rewrites the source layer only.
        let out = split(Some(".git\nnode_modules\n"));
        assert!(
            out.contains("RUN npm ci \\\n && npm prune --omit=dev\n\nFROM node:20-slim\n"),
            "{out}"
        );
        assert!(
            out.contains("COPY --from=builder --chown=10001:10001 /app/node_modules /app/node_modules\nCOPY --chown=10001:10001 . .\n"),
            "{out}"
        );
        // Without a `.dockerignore` that keeps the context's node_modules out, copying the
        // source after the modules could overwrite them: the whole app comes from the
        // builder, as it does when there is a build.
        for whole in [split(None), split(Some(".git\n"))] {
            assert!(
                whole.contains("COPY . .\nRUN npm prune --omit=dev\n")
                    && whole.contains("COPY --from=builder --chown=10001:10001 /app /app\n"),
                "{whole}"
            );
        }
    }

    #[test]
    fn multi_stage_refuses_what_it_cannot_keep_working() {
        // A Go build with system packages may need cgo and the libraries at run time.
        let cgo = cannot(step(
            &multi_stage::STEP,
            "FROM golang:1.22\nWORKDIR /app\nRUN apt-get install -y libsqlite3-dev\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n",
        ));
        assert!(cgo.contains("cgo"), "{cgo}");
        // `go run` needs the toolchain at run time.
        let run = cannot(step(
            &multi_stage::STEP,
            "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build ./...\nCMD [\"go\", \"run\", \".\"]\n",
        ));
        assert!(run.contains("toolchain"), "{run}");
        // A RUN the engine cannot place.
        let unknown = cannot(step(
            &multi_stage::STEP,
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nRUN ./configure-things\nCMD [\"python\", \"a.py\"]\n",
        ));
        assert!(unknown.contains("configure-things"), "{unknown}");
        assert!(matches!(
            step(&multi_stage::STEP, "FROM a AS b\nFROM b\n").map_err(|e| *e),
            Err(Outcome::NotApplicable(_))
        ));
    }

    #[test]
    fn runtime_polish_writes_exec_form_with_json_escapes() {
        let polished = step(
            &runtime_polish::STEP,
            "FROM node:22-slim\nWORKDIR /app\nCMD node \"my app.js\"\n",
        )
        .unwrap();
        assert!(
            polished.ends_with("ENV NODE_ENV=production\nCMD [\"node\", \"my app.js\"]\n"),
            "{polished}"
        );
        // A pipeline must keep its shell.
        let piped = step(&runtime_polish::STEP, "FROM a:1\nCMD run | tee log\n").map_err(|e| *e);
        assert!(matches!(piped, Err(Outcome::NotApplicable(_))), "{piped:?}");
    }

    fn not_applicable(outcome: Result<String, Box<Outcome>>) -> String {
        match outcome.map_err(|e| *e) {
            Err(Outcome::NotApplicable(reason)) => reason,
            other => panic!("expected not-applicable, got {other:?}"),
        }
    }

    #[test]
    fn layer_order_says_why_it_cannot_move_an_install_that_reads_the_source() {
        // `pip install .` needs the source, so the RUN stays; lint still reports the
        // install after `COPY . .`, and the step says why it leaves it.
        let outcome = step(
            &layer_order::STEP,
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && pip install .\n",
        )
        .unwrap_err();
        assert!(
            matches!(*outcome, Outcome::CannotApply { .. }),
            "{outcome:?}"
        );
        // An absolute `-r` path under the copy's destination is a manifest, not the source.
        let moved = step(
            &layer_order::STEP,
            "FROM python:3.12-slim\nWORKDIR /code\nCOPY . /code\nRUN pip install -r /code/requirements.txt\n",
        )
        .unwrap();
        assert!(
            moved.contains("COPY requirements.txt /code/\nRUN pip install -r /code/requirements.txt\nCOPY . /code\n"),
            "{moved}"
        );
    }

    #[test]
    fn runtime_polish_runs_a_command_with_variables_through_sh_c_exec() {
        let out = step(
            &runtime_polish::STEP,
            "FROM python:3.12-slim\nENV PORT=8000\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n",
        )
        .unwrap();
        assert!(
            out.contains("CMD [\"/bin/sh\", \"-c\", \"exec gunicorn -b 0.0.0.0:$PORT app:app\"]\n"),
            "{out}"
        );
        // With an ENTRYPOINT the CMD is its arguments; a pipe or `&&` is more than one
        // command: both stay in shell form.
        for kept in [
            "FROM python:3.12-slim\nENTRYPOINT [\"tini\", \"--\"]\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n",
            "FROM python:3.12-slim\nCMD gunicorn -b 0.0.0.0:$PORT app:app | tee log\n",
            "FROM python:3.12-slim\nCMD migrate && gunicorn -b 0.0.0.0:$PORT app:app\n",
        ] {
            let out = step(&runtime_polish::STEP, kept).unwrap_or_else(|_| kept.to_string());
            assert!(!out.contains("/bin/sh"), "{out}");
        }
    }

    #[test]
    fn runtime_polish_fixes_maintainer_and_legacy_env_without_doubling_a_label() {
        let out = step(
            &runtime_polish::STEP,
            "FROM python:3.12-slim\nMAINTAINER dev@example.com\nENV PORT 8000\nCMD [\"python\", \"app.py\"]\n",
        )
        .unwrap();
        assert!(
            out.contains("LABEL org.opencontainers.image.authors=\"dev@example.com\"\n"),
            "{out}"
        );
        assert!(!out.contains("MAINTAINER"), "{out}");
        assert!(out.contains("ENV PORT=8000\n"), "{out}");
        // The authors are labelled already: the MAINTAINER line stays, no second label.
        let labelled = step(
            &runtime_polish::STEP,
            "FROM python:3.12-slim\nLABEL org.opencontainers.image.authors=\"ops@example.com\"\nMAINTAINER dev@example.com\nCMD [\"python\", \"app.py\"]\n",
        )
        .unwrap();
        assert!(
            labelled.contains("MAINTAINER dev@example.com\n"),
            "{labelled}"
        );
        assert_eq!(
            labelled.matches("org.opencontainers.image.authors").count(),
            1
        );
    }

    #[test]
    fn runtime_polish_adds_a_health_check_only_with_a_port_and_a_probe() {
        // curl installed in the stage: the probe, on the exposed port and the given path.
        let options = Options {
            health_path: Some("healthz".into()),
            ..Options::default()
        };
        let curl = step_with(
            &runtime_polish::STEP,
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nEXPOSE 9000\nCMD [\"/srv/app\"]\n",
            &options,
        )
        .unwrap();
        assert!(
            curl.contains("HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD [\"curl\", \"-fsS\", \"-o\", \"/dev/null\", \"http://localhost:9000/healthz\"]\nCMD"),
            "{curl}"
        );
        // The full python image has curl in its package set; Alpine has busybox wget.
        let full = step(
            &runtime_polish::STEP,
            "FROM python:3.12-bookworm\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n",
        )
        .unwrap();
        assert!(full.contains("CMD [\"curl\", \"-fsS\""), "{full}");
        let alpine = step(
            &runtime_polish::STEP,
            "FROM alpine:3.22\nEXPOSE 8080\nCMD [\"/app\"]\n",
        )
        .unwrap();
        assert!(
            alpine
                .contains("CMD [\"wget\", \"-q\", \"--spider\", \"http://localhost:8080/health\"]"),
            "{alpine}"
        );
        // The slim python image: its own interpreter, on the port the command names.
        let slim = step(
            &runtime_polish::STEP,
            "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n",
        )
        .unwrap();
        assert!(slim.contains("EXPOSE 8000\nHEALTHCHECK"), "{slim}");
        assert!(
            slim.contains("urlopen('http://localhost:8000/health', timeout=3)"),
            "{slim}"
        );
        // No tool to probe with, or no shell: not added, and the reason says why.
        let bare = not_applicable(step(
            &runtime_polish::STEP,
            "FROM debian:bookworm-slim\nEXPOSE 8080\nCMD [\"/srv/app\"]\n",
        ));
        assert!(bare.contains("neither curl nor wget"), "{bare}");
        let distroless = not_applicable(step(
            &runtime_polish::STEP,
            "FROM gcr.io/distroless/static-debian12\nEXPOSE 8080\nCMD [\"/app\"]\n",
        ));
        assert!(distroless.contains("no shell"), "{distroless}");
        // A worker serves nothing, and a file that has a HEALTHCHECK keeps its own.
        let worker = not_applicable(step(
            &runtime_polish::STEP,
            "FROM alpine:3.22\nCMD [\"/worker\"]\n",
        ));
        assert!(!worker.contains("HEALTHCHECK"), "{worker}");
        assert!(step(
            &runtime_polish::STEP,
            "FROM alpine:3.22\nEXPOSE 80\nHEALTHCHECK NONE\nCMD [\"/app\"]\n",
        )
        .is_err());
        // A runtime the opted-in distroless step will move gets no shell health check.
        let moving = Options {
            distroless: true,
            ..Options::default()
        };
        let go = "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nRUN go build -o /server .\n\nFROM alpine:3.20\nCOPY --from=build /server /server\nEXPOSE 8080\nCMD [\"/server\"]\n";
        assert!(step(&runtime_polish::STEP, go)
            .unwrap()
            .contains("HEALTHCHECK"));
        let said = not_applicable(step_with(&runtime_polish::STEP, go, &moving));
        assert!(said.contains("distroless step you asked for"), "{said}");
        // A path the engine would have to quote is left to the person.
        let quoted = Options {
            health_path: Some("/a b".into()),
            ..Options::default()
        };
        let said = not_applicable(step_with(
            &runtime_polish::STEP,
            "FROM alpine:3.22\nEXPOSE 80\nCMD [\"/app\"]\n",
            &quoted,
        ));
        assert!(said.contains("by hand"), "{said}");
    }

    #[test]
    fn distroless_is_offered_and_applied_only_when_asked() {
        let go = "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nRUN go build -o /server .\n\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates && adduser -D -u 10001 app\nCOPY --from=build /server /server\nUSER 10001\nHEALTHCHECK CMD wget -q --spider http://localhost:8080/ || exit 1\nCMD /server\n";
        let offer = not_applicable(step(&distroless::STEP, go));
        assert!(
            offer.contains("gcr.io/distroless/static-debian12:nonroot"),
            "{offer}"
        );
        assert!(offer.contains("stagecraft rewrite --distroless"), "{offer}");
        let opted = Options {
            distroless: true,
            ..Options::default()
        };
        let moved = step_with(&distroless::STEP, go, &opted).unwrap();
        assert_eq!(
            moved,
            "FROM golang:1.22 AS build\nENV CGO_ENABLED=0\nRUN go build -o /server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nUSER 10001\nCMD [\"/server\"]\n"
        );
        // cgo left on: glibc's base image; Rust: cc.
        let cgo = step_with(
            &distroless::STEP,
            &go.replace("ENV CGO_ENABLED=0\n", ""),
            &opted,
        )
        .unwrap();
        assert!(
            cgo.contains("FROM gcr.io/distroless/base-debian12:nonroot\n"),
            "{cgo}"
        );
        // What a distroless stage cannot do stops the step, with the reason.
        let tool = cannot(step_with(
            &distroless::STEP,
            &go.replace("ca-certificates", "curl"),
            &opted,
        ));
        assert!(tool.contains("installs `curl`"), "{tool}");
        let named = cannot(step_with(
            &distroless::STEP,
            &go.replace("USER 10001", "USER app"),
            &opted,
        ));
        assert!(named.contains("USER app"), "{named}");
        let shell = cannot(step_with(
            &distroless::STEP,
            &go.replace("CMD /server", "CMD /server > /log 2>&1"),
            &opted,
        ));
        assert!(shell.contains("needs a shell"), "{shell}");
        // A shell script as the program, or a runtime built on an earlier stage.
        let script = cannot(step_with(
            &distroless::STEP,
            &go.replace("CMD /server", "CMD [\"/entrypoint.sh\"]"),
            &opted,
        ));
        assert!(script.contains("entrypoint.sh"), "{script}");
        let staged = cannot(step_with(
            &distroless::STEP,
            &go.replace("FROM alpine:3.20", "FROM build"),
            &opted,
        ));
        assert!(staged.contains("earlier stage `build`"), "{staged}");
        // Python and Node are explained, never moved.
        let python = "FROM python:3.12-slim AS b\nRUN pip install flask\nFROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\n";
        let said = cannot(step_with(&distroless::STEP, python, &opted));
        assert!(said.contains("Python 3.11"), "{said}");
        assert!(not_applicable(step(&distroless::STEP, python)).starts_with("not offered"));
        // Already distroless.
        assert!(not_applicable(step_with(&distroless::STEP, &moved, &opted)).contains("already"));
    }
}
