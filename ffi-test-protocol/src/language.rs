//! The language of a body, named once: the macros write the variant into its fragment, the
//! runtime compiles each language's fragments apart, by that language's compiler and standard.

/// C (`c = ..`), compiled by the C compiler the `cc` crate picks (`CC`, `CFLAGS`), or C++
/// (`cpp = ..`), by the C++ compiler it picks (`CXX`, `CXXFLAGS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// C, as GNU C11.
    C,
    /// C++, as GNU C++17.
    Cpp,
}

impl Language {
    /// Every language, in the order their units are built.
    pub const ALL: [Language; 2] = [Language::C, Language::Cpp];

    /// Its variant's name, as generated code spells it.
    pub fn variant(self) -> &'static str {
        match self {
            Language::C => "C",
            Language::Cpp => "Cpp",
        }
    }

    /// The language whose [`Language::variant`] is `name`.
    pub fn of_variant(name: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.variant() == name)
    }

    /// The language a checked name (a type's, a constant's) is in: C++ for a qualified name
    /// (`ns::Point`, `::Point` for the global namespace, `ns::Limits::max`) or a template
    /// instance (`Vec3<float>`), which C cannot spell; C otherwise. The macros and run-free
    /// verification decide it alike.
    pub fn of_name(name: &str) -> Language {
        match name.contains("::") || name.contains('<') {
            true => Language::Cpp,
            false => Language::C,
        }
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Language::C => "C",
            Language::Cpp => "C++",
        }
    }

    /// The compiler flags that say which language and standard a unit is in: the unit's file is
    /// `.c` either way, so C++ names its language (`-x c++`, undone after the source with `-x
    /// none`, `Language::after_source`). A layout's facts name private and protected members
    /// too (bindgen binds them all): C++ units are compiled without access control.
    pub fn flags(self) -> &'static [&'static str] {
        match self {
            Language::C => &["-std=gnu11", "-Werror=implicit-function-declaration"],
            Language::Cpp => &["-std=gnu++17", "-fno-access-control", "-x", "c++"],
        }
    }

    /// What follows the source file on the command line: the linker's inputs after it are
    /// read as what their names say again.
    pub fn after_source(self) -> &'static [&'static str] {
        match self {
            Language::C => &[],
            Language::Cpp => &["-x", "none"],
        }
    }
}
