use crate::rewrite::facts::{self, short_name, split_image};
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Language, Outcome};

declare_step! {
    /// ## What it does
    /// Offers, without forcing, a distroless runtime where the stack allows it
    /// (`gcr.io/distroless/python3-debian12`, `nodejs22-debian12`, `java21-debian12`,
    /// `cc-debian12`, `static-debian12`). Go and Rust already get one in the multi-stage
    /// step; for the others the step says what it would take.
    ///
    /// ## Why
    /// Distroless images hold the runtime and its libraries only: no shell and no package
    /// manager, so a compromised app has no tools, and there is less to patch. The caveats:
    /// `docker exec sh` no longer works, and RUN cannot be used in the final stage.
    ///
    /// ## Example
    /// `FROM python:3.12-slim` → `FROM gcr.io/distroless/python3-debian12` (with the
    /// virtualenv copied and the interpreter path adjusted by hand).
    STEP = {
        id: "distroless",
        title: "Offer a distroless runtime",
        stacks: [],
        run: run,
    }
}

fn run(cx: &Context) -> Outcome {
    let Some(stage) = facts::final_stage(cx.file) else {
        return Outcome::NotApplicable("the file has no FROM".into());
    };
    let name = short_name(split_image(&stage.base).0);
    if name.contains("distroless") || name == "scratch" {
        return Outcome::NotApplicable(format!("the runtime is already `{}`", stage.base));
    }
    let image = match cx.stack.language {
        Language::Python => "gcr.io/distroless/python3-debian12",
        Language::Node => "gcr.io/distroless/nodejs22-debian12",
        Language::Java => "gcr.io/distroless/java21-debian12",
        _ => {
            return Outcome::NotApplicable(
                "no distroless image fits this stack better than the current runtime".into(),
            )
        }
    };
    Outcome::NotApplicable(format!(
        "offered, not applied: `{image}` would drop the shell and package manager from the runtime; its interpreter path and version differ from `{}`, so the start command and the copied packages must be checked by hand (no shell means exec-form commands only, and no `docker exec sh`)",
        stage.base
    ))
}
