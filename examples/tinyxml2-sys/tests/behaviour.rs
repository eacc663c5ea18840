//! tinyxml2 at work, from C++ bodies beside the Rust bindings: a document parsed by C++ and by
//! Rust through the bindings agrees; a planted leak (a document never deleted) is named by
//! LeakSanitizer under `--sanitize address`; and a fault sweep that fails each allocation in
//! turn while tinyxml2 parses finds that its `operator new` failures are not handled (the
//! std::bad_alloc escapes into Rust). The suite's tests/cpp.rs asserts the reports.

use std::ffi::c_int;

use ffi_test::ffi_test;
use tinyxml2_sys_example::root::tinyxml2;

const XML: &str = "<shelf><book id='1'/><book id='2'/><note>three</note></shelf>";

#[ffi_test(cpp = r#"
    #include <cstring>
    extern "C" int children_of_root(const char *xml) {
        tinyxml2::XMLDocument doc;
        if (doc.Parse(xml, std::strlen(xml)) != tinyxml2::XML_SUCCESS) return -1;
        int n = 0;
        for (auto *e = doc.RootElement()->FirstChildElement(); e; e = e->NextSiblingElement()) n++;
        return n;
    }
"#)]
fn parse__same_document_from_cpp_and_rust__then_both_agree() {
    extern "C" {
        fn children_of_root(xml: *const std::ffi::c_char) -> c_int;
    }
    let xml = std::ffi::CString::new(XML).unwrap();
    // SAFETY: a NUL-terminated string, read only during the call.
    assert_eq!(unsafe { children_of_root(xml.as_ptr()) }, 3);
    // The same document through the bindings: constructed, parsed, destroyed in place.
    let mut doc = std::mem::MaybeUninit::<tinyxml2::XMLDocument>::uninit();
    // SAFETY: the constructor initialises `doc`; Parse reads `XML.len()` bytes of a live
    // string; the destructor runs once, on the constructed document.
    unsafe {
        tinyxml2::XMLDocument_XMLDocument(
            doc.as_mut_ptr(),
            true,
            tinyxml2::Whitespace_PRESERVE_WHITESPACE,
        );
        let parsed = tinyxml2::XMLDocument_Parse(doc.as_mut_ptr(), xml.as_ptr(), XML.len());
        assert_eq!(parsed, tinyxml2::XMLError_XML_SUCCESS);
        tinyxml2::XMLDocument_XMLDocument_destructor(doc.as_mut_ptr());
    }
}

// Planted: a document created with `new` and never deleted; under `--sanitize address`
// LeakSanitizer names it, without a checker the test passes.
#[ffi_test(expect = memory_error("leak", otherwise = pass), cpp = r#"
    #include <cstring>
    extern "C" int parse_and_forget(const char *xml) {
        auto *doc = new tinyxml2::XMLDocument();
        return doc->Parse(xml, std::strlen(xml));
    }
"#)]
fn leak__document_never_deleted__then_leak_named() {
    extern "C" {
        fn parse_and_forget(xml: *const std::ffi::c_char) -> c_int;
    }
    let xml = std::ffi::CString::new(XML).unwrap();
    // SAFETY: a NUL-terminated string, read only during the call.
    assert_eq!(unsafe { parse_and_forget(xml.as_ptr()) }, 0);
}

// Each allocation of a parse failed in turn: tinyxml2 allocates its nodes' pools with `new`,
// and a failed `new` throws std::bad_alloc, which tinyxml2 does not catch.
#[ffi_test(fail_allocs, expect = fail, cpp = r#"
    #include <cstring>
    extern "C" int parse_small_document(const char *xml) {
        tinyxml2::XMLDocument doc;
        return doc.Parse(xml, std::strlen(xml));
    }
"#)]
fn sweep__allocations_fail_during_parse__then_the_unhandled_ones_named() {
    extern "C" {
        fn parse_small_document(xml: *const std::ffi::c_char) -> c_int;
    }
    let xml = std::ffi::CString::new(XML).unwrap();
    // SAFETY: a NUL-terminated string, read only during the call.
    assert_eq!(unsafe { parse_small_document(xml.as_ptr()) }, 0);
}

ffi_test::main! { headers: ["wrapper.hpp"], include_dirs: ["csrc"], libs: ["tinyxml2"] }
