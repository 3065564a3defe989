//! Questions several rules ask about commands and instructions.

use super::bk_common::{find_byte, has_byte};
use crate::edit;
use crate::lint::model::{Instr, Kind, Model, Stage};
use crate::lint::shell::{Command, Word};
use crate::lint::{Applicability, Checker, Edit, Fix};
use crate::size::image_ref::WrittenRef;

/// Every RUN, including a RUN wrapped in ONBUILD (hadolint checks both).
pub fn runs<'m>(model: &'m Model) -> impl Iterator<Item = &'m Instr<'m>> {
    instructions_of(model, Kind::Run)
}

/// Every instruction of a kind, including those wrapped in ONBUILD.
pub fn instructions_of<'m>(model: &'m Model, kind: Kind) -> impl Iterator<Item = &'m Instr<'m>> {
    // Most files have no ONBUILD: the other instructions' triggers are not read for one.
    let onbuild = model.has_kind(Kind::Onbuild);
    model.instructions.iter().filter_map(move |i| {
        if i.kind == kind {
            Some(i)
        } else if onbuild {
            i.onbuild.as_deref().filter(|inner| inner.kind == kind)
        } else {
            None
        }
    })
}

/// The keys of an ENV's, ARG's or LABEL's pairs, as [`Instr::pairs`] reads them, cut from the
/// instruction's words in place. Most rules that read pairs want the keys alone: building the
/// pairs (a list, and a copy of each key and value, long values on the heap) for every such
/// instruction of every file cost more than those rules' checks. In the legacy form
/// (`ENV KEY value words`) the key is the first word; otherwise each word's text up to its
/// first `=`, or the whole word.
pub fn pair_keys<'i>(instr: &'i Instr<'_>) -> impl Iterator<Item = &'i str> {
    let args = instr.args();
    let words = if legacy_pair(instr, args) {
        &args[..1]
    } else {
        args
    };
    words.iter().map(move |w| match equals(w) {
        Some(at) => &w.text[..at],
        None => w.text.as_str(),
    })
}

/// Whether one of the values of an ENV's, ARG's or LABEL's pairs ([`Instr::pairs`]) has
/// `byte` (not a space), read from the words as [`pair_keys`] reads the keys: the legacy
/// form's value is its words after the key joined by spaces, the others' each word's text
/// after its `=`.
pub fn pair_values_have(instr: &Instr, byte: u8) -> bool {
    let args = instr.args();
    if legacy_pair(instr, args) {
        return args[1..].iter().any(|w| has_byte(w.text.as_bytes(), byte));
    }
    args.iter()
        .any(|w| equals(w).is_some_and(|at| has_byte(&w.text.as_bytes()[at + 1..], byte)))
}

/// The length and the number of `byte`s (not a space) of each value of an ENV's, ARG's or
/// LABEL's pairs, in order, those without a value left out: [`Instr::pairs`]'s values
/// measured in the words as [`pair_values_have`] reads them, the legacy form's as if joined.
pub fn pair_value_counts<'i>(
    instr: &'i Instr<'_>,
    byte: u8,
) -> impl Iterator<Item = (usize, usize)> + 'i {
    let args = instr.args();
    let legacy = legacy_pair(instr, args);
    let count = move |text: &[u8]| text.iter().filter(|&&b| b == byte).count();
    let joined = legacy.then(|| {
        let rest = &args[1..];
        let len = rest.iter().map(|w| w.text.len()).sum::<usize>() + rest.len() - 1;
        (len, rest.iter().map(|w| count(w.text.as_bytes())).sum())
    });
    let words = if legacy { &[][..] } else { args };
    joined.into_iter().chain(words.iter().filter_map(move |w| {
        let value = &w.text.as_bytes()[equals(w)? + 1..];
        Some((value.len(), count(value)))
    }))
}

/// Where a word's first `=` is.
fn equals(word: &Word) -> Option<usize> {
    find_byte(word.text.as_bytes(), b'=')
}

/// Whether `instr`, with `args` its words, is in the legacy form `KEY value words` (an ENV or
/// LABEL whose first word of several has no `=`), as [`Instr::pairs`] reads it.
fn legacy_pair(instr: &Instr, args: &[Word]) -> bool {
    matches!(instr.kind, Kind::Env | Kind::Label) && args.len() > 1 && equals(&args[0]).is_none()
}

/// `name` is the program and one of `args` is among its arguments (hadolint's
/// `cmdHasArgs`).
pub fn has_args(cmd: &Command, name: &str, args: &[&str]) -> bool {
    cmd.is(name) && cmd.arg_texts().any(|a| args.contains(&a))
}

/// [`Command::has_any_flag`] read word by word: whether a word is a flag among `flags`, a long
/// flag (`--name`, `--name=value`) by its name, a cluster of short flags (`-yq`) by any of its
/// letters. Rules ask it of each command they look at; the chained iterator the command's own
/// flag list is read through cost several times this.
pub fn has_any_flag(cmd: &Command, flags: &[&str]) -> bool {
    cmd.args.iter().any(|w| {
        let word = w.text.as_str();
        match word.strip_prefix('-') {
            // `--` alone ends the flags; a long flag ends at its `=`.
            Some(flag) => match flag.strip_prefix('-') {
                Some(long) => {
                    // Cut at its `=`, found as a byte: a char pattern's searcher cost more
                    // to set up than the search.
                    let name = &long[..long.bytes().position(|b| b == b'=').unwrap_or(long.len())];
                    !long.is_empty() && flags.contains(&name)
                }
                None => flag
                    .char_indices()
                    .any(|(at, c)| flags.contains(&&flag[at..at + c.len_utf8()])),
            },
            None => false,
        }
    })
}

/// `pip install`, `pip3 install`, `python -m pip install` (not pipenv).
pub fn is_pip_install(cmd: &Command) -> bool {
    // The name's first bytes matched at once: every command of a file is asked (most of them
    // neither pip nor python), and a prefix comparison each cost more than the answer.
    match cmd.name.text.as_bytes() {
        [b'p', b'i', b'p', rest @ ..] => !rest.starts_with(b"env") && cmd.has_arg("install"),
        [b'p', b'y', b't', b'h', b'o', b'n', ..] => {
            cmd.has_args_in_order(&["-m", "pip", "install"])
        }
        _ => false,
    }
}

/// The package arguments of an install command: non-flag words after the subcommand,
/// skipping the values of flags that take one.
pub fn packages_after<'c>(
    cmd: &'c Command,
    subcommands: &'c [&'c str],
    flags_with_values: &'c [&'c str],
) -> impl Iterator<Item = &'c Word> + 'c {
    let mut seen = false;
    words_dropping_values_of(cmd, flags_with_values).filter(move |w| {
        if !seen && subcommands.contains(&w.text.as_str()) {
            seen = true;
            return false;
        }
        seen && !subcommands.contains(&w.text.as_str())
    })
}

/// The arguments that are neither flags nor the values of `flags_with_values`, as
/// [`Command::args_dropping_values_of`] lists them, read as they come: the rules want the
/// first package or two, and the lists that made (of the words, of the flags behind them,
/// of the words to drop) were a hundredth of lint.
pub fn words_dropping_values_of<'c>(
    cmd: &'c Command,
    flags_with_values: &'c [&'c str],
) -> impl Iterator<Item = &'c Word> + 'c {
    // Whether the word before is a flag whose value is this one.
    let mut is_value = false;
    cmd.args.iter().filter(move |w| {
        let text = w.text.as_str();
        let dropped = is_value;
        is_value = takes_value(text, flags_with_values);
        !(dropped || (text.starts_with('-') && text.len() > 1))
    })
}

/// Whether `word` is a flag of `flags_with_values` whose value is the next word: `--name`, or
/// short flags ending in one (`-xt`: only the last of a cluster takes a value), with no `=`.
fn takes_value(word: &str, flags_with_values: &[&str]) -> bool {
    // Most words are no flag: asked first, with a look at the first byte.
    let Some(flag) = word.strip_prefix('-') else {
        return false;
    };
    // A short word: its bytes read in turn cost less than setting up a search.
    if flag.bytes().any(|b| b == b'=') {
        return false;
    }
    if let Some(long) = flag.strip_prefix('-') {
        // `--` alone ends the flags: no flag, no value.
        return !long.is_empty() && flags_with_values.contains(&long);
    }
    flag.chars()
        .next_back()
        .is_some_and(|last| flags_with_values.contains(&&flag[flag.len() - last.len_utf8()..]))
}

/// The word right after the subcommand (where a flag can be inserted).
pub fn subcommand_word<'c>(cmd: &'c Command, subcommand: &str) -> Option<&'c Word> {
    cmd.args.iter().find(|w| w.text == subcommand)
}

/// Truthy values as hadolint reads environment switches.
pub fn truthy(value: &str) -> bool {
    matches!(
        value,
        "1" | "true" | "True" | "TRUE" | "on" | "On" | "ON" | "yes" | "Yes" | "YES"
    )
}

/// A stage's key as hadolint tracks stage state: its alias, else its image name.
pub fn stage_key(model: &Model, stage: usize) -> String {
    let s = &model.stages[stage];
    match &s.name {
        Some(n) => n.text.as_str().to_owned(),
        None => s.image.written().name.to_owned(),
    }
}

/// The image name without tag or digest, as written.
pub fn image_name(raw: &str) -> String {
    WrittenRef::split(raw).name.to_string()
}

/// For rules that carry per-stage state the way hadolint does: a new stage starts from its
/// parent stage's value when FROM names an earlier stage (or the same image name). Keys are
/// borrowed from the model: a stage's alias, else its image name ([`stage_key`]).
pub struct StageState<'m, T: Clone + Default> {
    values: StageValues<'m, T>,
    /// The stage entered last, and its key once read ([`StageState::key`]).
    stage: Option<&'m Stage>,
    current: Option<&'m str>,
}

impl<T: Clone + Default> Default for StageState<'_, T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The values set, by stage key: a short list searched in order (a file sets values for a
/// few stages, and hashing each key cost more than comparing it with those), moved into a
/// map past [`StageValues::LISTED`] keys, so files of thousands of stages stay linear.
struct StageValues<'m, T> {
    listed: Vec<(&'m str, T)>,
    mapped: Option<std::collections::HashMap<&'m str, T>>,
}

impl<'m, T> StageValues<'m, T> {
    const LISTED: usize = 16;

    fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.mapped.is_none()
    }

    fn get(&self, key: &str) -> Option<&T> {
        match &self.mapped {
            Some(map) => map.get(key),
            None => self.listed.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
        }
    }

    fn insert(&mut self, key: &'m str, value: T) {
        if let Some(map) = &mut self.mapped {
            map.insert(key, value);
        } else if let Some(slot) = self.listed.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
        } else if self.listed.len() < Self::LISTED {
            self.listed.push((key, value));
        } else {
            let mut map: std::collections::HashMap<_, _> = self.listed.drain(..).collect();
            map.insert(key, value);
            self.mapped = Some(map);
        }
    }
}

/// Names a file defines (ENV and ARG keys), without repeats, in the order they were added:
/// a list (a file or stage defines a few, and a list costs less to fill, copy and search
/// than a hashed set), indexed by a set once it grows past [`NameSet::LISTED`], so a file of
/// thousands of `ENV`s stays linear.
#[derive(Clone, Default)]
pub struct NameSet<'m> {
    list: Vec<&'m str>,
    set: Option<std::collections::HashSet<&'m str>>,
}

impl<'m> NameSet<'m> {
    const LISTED: usize = 16;

    pub fn contains(&self, name: &str) -> bool {
        match &self.set {
            Some(set) => set.contains(name),
            None => self.list.contains(&name),
        }
    }

    pub fn insert(&mut self, name: &'m str) {
        if self.contains(name) {
            return;
        }
        self.list.push(name);
        match &mut self.set {
            Some(set) => {
                set.insert(name);
            }
            None if self.list.len() > Self::LISTED => {
                self.set = Some(self.list.iter().copied().collect());
            }
            None => {}
        }
    }

    pub fn extend(&mut self, names: impl IntoIterator<Item = &'m str>) {
        for name in names {
            self.insert(name);
        }
    }

    pub fn clear(&mut self) {
        self.list.clear();
        self.set = None;
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &'m str> + '_ {
        self.list.iter().copied()
    }
}

/// A stage's image name as written, which is also the key of a stage without an alias, and
/// its key.
fn parent_and_key(stage: &Stage) -> (&str, &str) {
    let parent = stage.image.written().name;
    (
        parent,
        stage.name.as_ref().map_or(parent, |n| n.text.as_str()),
    )
}

impl<'m, T: Clone + Default> StageState<'m, T> {
    pub fn new() -> Self {
        StageState {
            values: StageValues {
                listed: Vec::new(),
                mapped: None,
            },
            stage: None,
            current: None,
        }
    }

    pub fn enter(&mut self, model: &'m Model, stage: usize) {
        let s = &model.stages[stage];
        self.stage = Some(s);
        self.current = None;
        // Until a value is set, every stage has the default, stored or not: the map stays
        // empty (most files never set one), and no stage's key needs reading.
        if self.values.is_empty() {
            return;
        }
        let (parent, key) = parent_and_key(s);
        self.current = Some(key);
        let inherited = self.values.get(parent).cloned().unwrap_or_default();
        self.values.insert(key, inherited);
    }

    /// The current stage's key, read on first use; empty before the first stage.
    fn key(&mut self) -> &'m str {
        let key = self
            .current
            .unwrap_or_else(|| self.stage.map_or("", |s| parent_and_key(s).1));
        self.current = Some(key);
        key
    }

    pub fn get(&mut self) -> T {
        if self.values.is_empty() {
            return T::default();
        }
        let key = self.key();
        self.values.get(key).cloned().unwrap_or_default()
    }

    pub fn set(&mut self, value: T) {
        let key = self.key();
        self.values.insert(key, value);
    }
}

/// A stage and the earlier stages it builds on (`FROM base` where `base` is a stage name),
/// nearest first.
pub fn stage_chain(model: &Model, stage: usize) -> Vec<usize> {
    let mut chain = vec![stage];
    let mut current = stage;
    while let Some(parent) = model.parent_stage(current) {
        // A parent is always an earlier stage, so the chain cannot loop; checking that it
        // moves back is constant time where searching the chain made 40,000 stages each
        // built `FROM` the one before take 13 s.
        if parent >= current {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    chain
}

/// The instructions of a stage.
pub fn stage_instructions<'m>(model: &'m Model, stage: usize) -> &'m [Instr<'m>] {
    &model.instructions[model.stages[stage].instructions.clone()]
}

/// Whether an instruction has a `--from` flag ([`Instr::has_flag`] for it). The model keeps
/// flag names in lower case: they are compared as they are, not again without case, for
/// every COPY of every file.
pub fn has_from(instr: &Instr) -> bool {
    instr.flags.iter().any(|f| f.name == "from")
}

/// Whether a COPY/ADD copies the whole build context (`COPY . .`, `ADD ./ /app`).
// Inlined: rules ask it of every instruction, most of them no COPY, and a call to learn so
// cost more than the answer.
#[inline]
pub fn copies_whole_context(instr: &Instr) -> bool {
    matches!(instr.kind, Kind::Copy | Kind::Add) && copy_takes_whole_context(instr)
}

/// [`copies_whole_context`] of a COPY or ADD.
fn copy_takes_whole_context(instr: &Instr) -> bool {
    // The words first (read once per instruction and kept), then the flags.
    if instr.args().len() < 2 || has_from(instr) {
        return false;
    }
    let sources = &instr.args()[..instr.args().len() - 1];
    sources
        .iter()
        .any(|s| matches!(s.text.as_str(), "." | "./" | "./." | "*" | "./*"))
}

/// For instructions of which only the last in a stage takes effect (`CMD`, `ENTRYPOINT`,
/// `HEALTHCHECK`): reports each later one of `kind`, with a safe fix that removes the
/// earlier one. `keyword` names the instruction in the message.
pub fn report_overridden_in_stage(ck: &mut Checker, kind: Kind, keyword: &str) {
    if !ck.model.has_kind(kind) {
        return;
    }
    let model = ck.model;
    let mut previous: Option<usize> = None;
    for (i, instr) in model.instructions.iter().enumerate() {
        if instr.kind == Kind::From {
            previous = None;
        } else if instr.kind == kind {
            if let Some(p) = previous {
                let earlier = &model.instructions[p];
                // The line break goes too, `\r\n` whole in a CRLF file.
                let range =
                    edit::whole_lines(model.source, &model.lines, earlier.line, earlier.end_line);
                ck.report(
                    instr,
                    [
                        "Only the last `",
                        keyword,
                        "` of a stage takes effect; remove the earlier one",
                    ]
                    .concat(),
                )
                .add_fix(Fix::safe(
                    ["Remove the earlier `", keyword, "`"].concat(),
                    vec![Edit::delete(range)],
                ));
            }
            previous = Some(i);
        }
    }
}

/// Where a missing flag goes in the command that lacks it.
pub enum FlagPlace<'a> {
    /// Right after the program's name (`wget --progress=dot:giga`).
    AfterProgram,
    /// Right after the first of these subcommands found (`apt-get install -y`).
    AfterSubcommand(&'a [&'a str]),
}

/// A flag some commands must carry, for the rules that add it where it is missing.
pub struct MissingFlag<'a> {
    /// What the fix inserts, with its leading space (`" -y"`).
    pub insert: &'a str,
    pub place: FlagPlace<'a>,
    pub message: &'static str,
    pub fix_title: &'static str,
    pub applicability: Applicability,
}

/// Reports each RUN (ONBUILD ones too) with a command that `lacks` picks, with one fix that
/// adds the flag to every such command in it.
pub fn report_missing_flag(
    ck: &mut Checker,
    flag: &MissingFlag,
    lacks: impl Fn(&Instr, &Command) -> bool,
) {
    for instr in runs(ck.model) {
        let offenders: Vec<_> = instr
            .commands()
            .iter()
            .filter(|c| lacks(instr, c))
            .collect();
        if offenders.is_empty() {
            continue;
        }
        let edits = offenders
            .iter()
            .filter_map(|c| match flag.place {
                FlagPlace::AfterProgram => Some(c.name.span.end),
                FlagPlace::AfterSubcommand(subcommands) => subcommands
                    .iter()
                    .find_map(|s| subcommand_word(c, s))
                    .map(|w| w.span.end),
            })
            .map(|at| Edit::insert(at, flag.insert))
            .collect();
        ck.report(instr, flag.message).add_fix(Fix {
            title: flag.fix_title.into(),
            edits,
            applicability: flag.applicability,
        });
    }
}

/// The edit that appends `&& command` to a RUN, on a continuation line. None for a RUN in
/// JSON form, with a heredoc, or with a `#` in it, where text added at the end could land
/// outside the shell command.
pub fn append_to_run(ck: &Checker, run: &Instr, command: &str) -> Option<Edit> {
    // Eight bytes at a time ([`has_byte`]): a RUN's text is often long.
    let plain = run.json.is_none() && !run.has_heredoc() && !has_byte(run.text.as_bytes(), b'#');
    plain.then(|| Edit::insert(run.text_span.end, ck.continue_with(command)))
}

/// Reports each RUN (ONBUILD ones too) that installs packages and does not clean the package
/// cache after the install, unless a cache mount on one of `cache_mounts` keeps the cache out
/// of the image. The safe fix appends `clean` (`yum clean all`) to the RUN, where it can.
/// Generic over the questions, so each rule's are compiled into its walk: a call through a
/// function pointer per command cost as much as the question.
pub fn report_uncleaned_cache(
    ck: &mut Checker,
    installs: impl Fn(&Command) -> bool,
    cleans: impl Fn(&Command) -> bool,
    cache_mounts: &[&str],
    clean: &str,
) {
    for instr in runs(ck.model) {
        let cmds = instr.commands();
        let Some(install) = cmds.iter().position(&installs) else {
            continue;
        };
        if cache_mounts.iter().any(|m| instr.has_cache_mount_with(m)) {
            continue;
        }
        let cleaned = cmds.iter().position(&cleans);
        if cleaned.is_some_and(|c| install < c) {
            continue;
        }
        let append = append_to_run(ck, instr, clean);
        let finding = ck.report(
            instr,
            format!("Clean the package cache in the same `RUN` (`{clean}`)"),
        );
        if let Some(edit) = append {
            finding.add_fix(Fix::safe(format!("Append `&& {clean}`"), vec![edit]));
        }
    }
}

/// For package managers that stop to ask for confirmation: reports `programs` running one of
/// `subcommands` without one of `yes_flags`, with a safe fix that adds `-y`. Inlined into
/// each rule, whose lists are then known where each command is compared with them.
#[inline(always)]
pub fn report_missing_yes(
    ck: &mut Checker,
    programs: &[&str],
    subcommands: &[&str],
    yes_flags: &[&str],
) {
    if !programs.iter().any(|p| ck.model.may_run(p)) {
        return;
    }
    let flag = MissingFlag {
        insert: " -y",
        place: FlagPlace::AfterSubcommand(subcommands),
        message: "Add `-y`: nobody can answer a confirmation prompt during a build",
        fix_title: "Add `-y`",
        applicability: Applicability::Safe,
    };
    report_missing_flag(ck, &flag, |_, c| {
        programs.iter().any(|p| has_args(c, p, subcommands)) && !has_any_flag(c, yes_flags)
    });
}

#[cfg(test)]
mod tests {
    use super::{words_dropping_values_of, StageValues};

    /// The words read as they come are the words `Command::args_dropping_values_of` lists.
    #[test]
    fn words_dropping_values_are_the_commands_list() {
        let flags: &[&str] = &["t", "target", "i", "é", "x"];
        for script in [
            "apt-get install -y -t bookworm curl git",
            "pip install --target /x -i https://i a==1 --index-url=https://j b -- c",
            "apk add -t .deps --virtual x -xt y z - -- --t v -ét w -é=1 q",
            "pip install -e . --target=dir p --no-cache-dir -it a b -ti c d",
            "npm install --loglevel warn --registry r x -t",
        ] {
            let parsed = crate::lint::shell::parse_text(script, 0);
            let cmd = &parsed.commands[0];
            let listed: Vec<&str> = cmd
                .args_dropping_values_of(flags)
                .iter()
                .map(|w| w.text.as_str())
                .collect();
            let read: Vec<&str> = words_dropping_values_of(cmd, flags)
                .map(|w| w.text.as_str())
                .collect();
            assert_eq!(read, listed, "{script}");
        }
    }

    /// The flags read word by word are the command's own flags.
    #[test]
    fn flags_read_by_word_are_the_commands_flags() {
        let asked: &[&[&str]] = &[
            &["y"],
            &["yes", "q"],
            &["no-cache"],
            &["é", "x"],
            &[""],
            &["-x", "t"],
        ];
        for script in [
            "apt-get install -y -t bookworm curl git",
            "apk add --no-cache=1 x -- - --yes -qé",
            "pip install --=v ---x -ét --no-cache y",
            "wget -q --progress=dot x -nv",
        ] {
            let parsed = crate::lint::shell::parse_text(script, 0);
            let cmd = &parsed.commands[0];
            for flags in asked {
                assert_eq!(
                    super::has_any_flag(cmd, flags),
                    cmd.has_any_flag(flags),
                    "{script} {flags:?}"
                );
            }
        }
    }

    /// The keys cut from the words are the keys of the pairs, in every form.
    #[test]
    fn pair_keys_are_the_keys_of_the_pairs() {
        let model = crate::lint::Model::new(
            "ARG A B=1 C= =x D=$V\nFROM a\nENV K v w\nENV P $Q r\nENV P=$Q R=s\nENV K=v L=\"x y\" M\nENV ONE\nENV =v\n\
             LABEL k \"v w\"\nLABEL a=b c=d=e\nLABEL k\nENV LONG_NAME_OF_MORE_THAN_EIGHT=1 \\\n  X_Y_Z_W_V_U=2\n\
             ARG NO_EQUALS_IN_THIS_LONG_NAME\nENV \"Q=1\" R'='2\nONBUILD ENV S t\n",
        );
        for instr in &model.instructions {
            for instr in std::iter::once(instr).chain(instr.onbuild.as_deref()) {
                let keys: Vec<&str> = super::pair_keys(instr).collect();
                let pairs: Vec<&str> = instr.pairs().iter().map(|(k, _)| k.text.as_str()).collect();
                assert_eq!(keys, pairs, "{instr:?}");
                for byte in [b'$', b'v', b'=', b'"', b'x'] {
                    let found = instr.pairs().iter().any(|(_, v)| {
                        v.as_ref()
                            .is_some_and(|v| v.text.as_bytes().contains(&byte))
                    });
                    assert_eq!(
                        super::pair_values_have(instr, byte),
                        found,
                        "{instr:?} {byte}"
                    );
                    let counts: Vec<(usize, usize)> = instr
                        .pairs()
                        .iter()
                        .filter_map(|(_, v)| v.as_ref())
                        .map(|v| (v.text.len(), v.text.bytes().filter(|&b| b == byte).count()))
                        .collect();
                    let read: Vec<(usize, usize)> = super::pair_value_counts(instr, byte).collect();
                    assert_eq!(read, counts, "{instr:?} {byte}");
                }
            }
        }
    }

    /// `--from` is found in any case, as `Instr::has_flag` finds it.
    #[test]
    fn has_from_is_has_flag_from() {
        let model = crate::lint::Model::new(
            "FROM a AS b\nCOPY --FROM=b x y\nCOPY --From=b x y\nCOPY --chown=1 x y\nCOPY x y\n",
        );
        for instr in &model.instructions {
            assert_eq!(super::has_from(instr), instr.has_flag("from"), "{instr:?}");
        }
        assert!(super::has_from(&model.instructions[1]));
    }

    #[test]
    fn stage_values_keep_the_last_value_of_each_key_listed_or_mapped() {
        let keys: Vec<String> = (0..40).map(|i| format!("stage{i}")).collect();
        let mut values = StageValues {
            listed: Vec::new(),
            mapped: None,
        };
        assert!(values.is_empty());
        for (i, key) in keys.iter().enumerate() {
            values.insert(key, i);
            // Past the listed keys the values move into the map; none is lost.
            assert_eq!(values.mapped.is_some(), i >= StageValues::<usize>::LISTED);
            values.insert(&keys[0], 100 + i);
        }
        assert_eq!(values.get("stage0"), Some(&139));
        for (i, key) in keys.iter().enumerate().skip(1) {
            assert_eq!(values.get(key), Some(&i));
        }
        assert_eq!(values.get("other"), None);
    }
}
