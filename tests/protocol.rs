//! The Rust/C contract has one owner (ffi-test-protocol): the tests the macros generate are named
//! from its scenario table, the C they compile defines exactly its symbols, and the runtime reads
//! the same table (its own unit test checks `Shape::ALL` against it).

use ffi_test_protocol::roundtrip::{symbols, SHAPES};
use ffi_test_suite::{run, test_binary};

#[test]
fn generated_round_trip_tests_are_named_from_the_protocol_table() {
    let list = run(&test_binary("abi-corpus", "roundtrip"), &["--list"]);
    let names: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .filter(|n| n.starts_with("simple__") && !n.contains("__through_"))
        .collect();
    for shape in SHAPES {
        let name = format!("simple__{}__then_fields_intact", shape.scenario);
        assert!(names.contains(&name.as_str()), "{name} not in {names:?}");
    }
    // The ten shapes and the layout check (the `through_` tests call the user's functions).
    assert_eq!(names.len(), SHAPES.len() + 1, "{names:?}");
}

#[test]
fn the_battery_defines_every_protocol_symbol_and_only_those() {
    let text = ffi_test_protocol::roundtrip::c_text("struct t");
    let mut defined: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("struct "))
        .filter_map(|l| l.split('(').next()?.split_whitespace().last())
        .collect();
    defined.sort_unstable();
    let mut expected = symbols();
    expected.sort_unstable();
    assert_eq!(defined, expected);
}
