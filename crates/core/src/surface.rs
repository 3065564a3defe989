//! Where a text is shown, so that it names that surface's own controls: the CLI's flags in a
//! terminal, the page's tabs and buttons in the browser. The engine's results are the same on
//! both; only the sentences that tell a person what to give or do differ.

/// Where a text is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Surface {
    /// `stagecraft` in a terminal or CI: names flags (`--requirements`, `stagecraft rewrite
    /// --until STEP`, `--fix`).
    #[default]
    Cli,
    /// The page: names its tabs, inputs and buttons (the Python deps tab, the Rewrite tab).
    Page,
}

impl Surface {
    /// `cli` in a terminal, `page` in the browser.
    pub fn pick<T>(self, cli: T, page: T) -> T {
        match self {
            Surface::Cli => cli,
            Surface::Page => page,
        }
    }
}
