//! A size range said the way a person can use it: the typical value, and where the upper
//! bound comes from ("up to 3.76 GB, mostly line 5: requirements.txt was not given").

use crate::size::{human, SizeEstimate};

/// Below this ratio of upper bound to typical value, the range is narrow enough to need no
/// explanation.
const WIDE: u64 = 12; // tenths: 1.2 ×

/// Why the image's upper bound is what it is, when the range is wide: the layer that adds
/// most to it, and its note saying what the model did not know.
pub fn upper_bound_reason(estimate: &SizeEstimate) -> Option<String> {
    let image = estimate.image;
    if image.high.saturating_mul(10) <= image.expected.saturating_mul(WIDE) {
        return None;
    }
    let stage = estimate.image_stage()?;
    let layer = stage
        .layers
        .iter()
        .max_by_key(|l| l.bytes.high.saturating_sub(l.bytes.expected))?;
    let unknown = layer
        .notes
        .iter()
        .find(|n| n.contains("range widened") || n.contains("not in the"))
        .map(|n| {
            let n = n.trim_end_matches(": range widened");
            n.trim_end_matches("; a wide default range").to_string()
        });
    let text = if layer.text.is_empty() {
        layer.instruction.clone()
    } else {
        format!("{} {}", layer.instruction, layer.text)
    };
    Some(format!(
        "typically {}; it could reach {} mostly because of line {} (`{text}`, up to {}){}",
        human(image.expected),
        human(image.high),
        layer.line,
        human(layer.bytes.high),
        unknown.map(|u| format!(": {u}")).unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::size::{estimate, EstimateInputs};

    #[test]
    fn a_wide_range_names_the_line_and_what_was_not_known() {
        let file = crate::parse(
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
        );
        let wide = estimate(&file, &EstimateInputs::default());
        let said = upper_bound_reason(&wide).expect("wide without requirements.txt");
        assert!(
            said.contains("mostly because of line 3 (`RUN pip install -r requirements.txt`"),
            "{said}"
        );
        assert!(
            said.ends_with(
                ": requirements.txt was not given (--requirements), so the packages are not known"
            ),
            "{said}"
        );
        let known = estimate(
            &file,
            &EstimateInputs {
                requirements: Some("flask==3.0.3\n".into()),
                ..EstimateInputs::default()
            },
        );
        assert_eq!(upper_bound_reason(&known), None, "{:?}", known.image);
    }
}
