//! The model's instruction kinds as the parser read them ([`Kind::from_parsed`]).

use super::Kind;

impl Kind {
    /// The kind the parser read (one reading of keywords, Go's case folding included), looked
    /// up in [`KINDS`]: the parser's kinds are in another order, and a `match` from one to the
    /// other compiled to a jump per kind, its target missed for most instructions.
    pub(super) fn from_parsed(kind: crate::syntax::InstructionKind) -> Kind {
        KINDS[kind as usize]
    }

    /// [`Kind::from_parsed`], written out.
    const fn converted(kind: crate::syntax::InstructionKind) -> Kind {
        use crate::syntax::InstructionKind as K;
        match kind {
            K::From => Kind::From,
            K::Run => Kind::Run,
            K::Cmd => Kind::Cmd,
            K::Entrypoint => Kind::Entrypoint,
            K::Copy => Kind::Copy,
            K::Add => Kind::Add,
            K::Env => Kind::Env,
            K::Arg => Kind::Arg,
            K::Label => Kind::Label,
            K::Expose => Kind::Expose,
            K::Workdir => Kind::Workdir,
            K::User => Kind::User,
            K::Volume => Kind::Volume,
            K::Shell => Kind::Shell,
            K::Healthcheck => Kind::Healthcheck,
            K::Stopsignal => Kind::Stopsignal,
            K::Onbuild => Kind::Onbuild,
            K::Maintainer => Kind::Maintainer,
            K::Unknown => Kind::Other,
        }
    }
}

/// The parser's kinds in their order ([`crate::syntax::InstructionKind`]), the index of each
/// its discriminant.
const PARSED_KINDS: [crate::syntax::InstructionKind; 19] = {
    use crate::syntax::InstructionKind as K;
    [
        K::Add,
        K::Arg,
        K::Cmd,
        K::Copy,
        K::Entrypoint,
        K::Env,
        K::Expose,
        K::From,
        K::Healthcheck,
        K::Label,
        K::Maintainer,
        K::Onbuild,
        K::Run,
        K::Shell,
        K::Stopsignal,
        K::User,
        K::Volume,
        K::Workdir,
        K::Unknown,
    ]
};

/// [`Kind::converted`] of each parser's kind, at its discriminant.
const KINDS: [Kind; PARSED_KINDS.len()] = {
    let mut kinds = [Kind::Other; PARSED_KINDS.len()];
    let mut at = 0;
    while at < kinds.len() {
        // A kind listed out of its place would be converted wrongly: the build stops.
        assert!(PARSED_KINDS[at] as usize == at);
        // And so does a kind added to the parser's: `Unknown`, its last, would move.
        assert!(crate::syntax::InstructionKind::Unknown as usize == PARSED_KINDS.len() - 1);
        kinds[at] = Kind::converted(PARSED_KINDS[at]);
        at += 1;
    }
    kinds
};
