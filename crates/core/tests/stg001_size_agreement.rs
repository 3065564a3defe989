//! STG001 and the size model read a base image the same way: the full image's size in the
//! rule's message is the size the estimate gives the `FROM` layer, through Docker Hub mirrors
//! and docker-library tag aliases alike.

use stagecraft_core::lint::lint;
use stagecraft_core::parse;
use stagecraft_core::size::{estimate, EstimateInputs};

fn agree(reference: &str) {
    let text = format!("FROM {reference}\n");
    let from_layer = &estimate(&parse(&text), &EstimateInputs::default()).stages[0].layers[0];
    let megabytes = (from_layer.bytes.expected as f64 / 1e6).round() as u64;
    let message = lint(&text)
        .into_iter()
        .find(|f| f.code == "STG001")
        .unwrap_or_else(|| panic!("no STG001 for {reference}"))
        .message;
    assert!(
        message.contains(&format!("{megabytes} MB")),
        "{reference}: the estimate sizes the base at {megabytes} MB; STG001 says: {message}"
    );
}

#[test]
fn the_full_image_size_in_stg001_is_the_estimates_base_layer() {
    for reference in [
        "python:3.12",
        "python:3",
        "node:22",
        "node:lts",
        "mirror.gcr.io/node:22",
        "docker.io/library/python:3.12-bookworm",
        "public.ecr.aws/docker/library/python:3.11",
    ] {
        agree(reference);
    }
}
