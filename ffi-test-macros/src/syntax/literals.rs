//! Literals as attributes carry them.

use syn::{Expr, ExprLit, Lit, LitStr};

/// The string literal `expr` is, looking through the invisible group a `macro_rules!` argument
/// arrives in.
pub fn str_lit(expr: &Expr) -> Option<LitStr> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.clone()),
        Expr::Group(g) => str_lit(&g.expr),
        _ => None,
    }
}
