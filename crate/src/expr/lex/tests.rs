//! Tests of `lex`.

use super::*;

fn normalized(text: &str) -> String {
    match lex(text) {
        Ok(lexed) => lexed.normalized,
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn implied_multiplication_as_the_course_writes_it() {
    assert_eq!(normalized("2x"), "2*x");
    assert_eq!(normalized("xy"), "x*y");
    assert_eq!(normalized("x^2y"), "x^2*y");
    assert_eq!(normalized("3xy^2"), "3*x*y^2");
    assert_eq!(normalized("x^2yz"), "x^2*y*z");
    assert_eq!(normalized("2(x+1)"), "2*(x+1)");
    assert_eq!(normalized("(x+1)(x-1)"), "(x+1)*(x-1)");
    assert_eq!(normalized("2sin(x)"), "2*sin(x)");
    assert_eq!(normalized("x sin(y)"), "x*sin(y)");
    assert_eq!(normalized("e^y"), "e^y");
    assert_eq!(normalized("e^(x^2)"), "e^(x^2)");
    assert_eq!(normalized("x^2y + sin(xy)"), "x^2*y + sin(x*y)");
    assert_eq!(normalized("xsin(y)"), "x*sin(y)");
    assert_eq!(normalized("2pix"), "2*pi*x");
}

#[test]
fn unicode_and_alternative_operators() {
    assert_eq!(normalized("x**2"), "x^2");
    assert_eq!(normalized("2π"), "2*pi");
    assert_eq!(normalized("x·y"), "x*y");
    assert_eq!(normalized("x×y"), "x*y");
    assert_eq!(normalized("x−y"), "x-y");
    assert_eq!(normalized("x²+y³"), "x^2+y^3");
    assert_eq!(normalized("x²y"), "x^2*y");
}

#[test]
fn numbers_with_exponents_and_the_constant_e() {
    assert_eq!(normalized("2e-3"), "2e-3");
    assert_eq!(normalized("2e"), "2*e");
    assert_eq!(normalized("2ex"), "2*e*x");
    assert_eq!(normalized(".5x"), "0.5*x");
}

#[test]
fn function_names_with_digits_and_aliases() {
    assert_eq!(normalized("log10(x)"), "log10(x)");
    assert_eq!(normalized("log2(x)"), "log2(x)");
    assert_eq!(normalized("atan2(y, x)"), "atan2(y, x)");
    assert_eq!(normalized("log(x)"), "ln(x)");
    assert_eq!(normalized("arcsin(x)"), "asin(x)");
    assert_eq!(normalized("sin (x)"), "sin(x)");
}

#[test]
fn variables_in_order_x_y_z_then_as_they_appear() {
    let vars = |text: &str| lex(text).map(|l| l.vars).unwrap_or_else(|e| vec![e.to_string()]);
    assert_eq!(vars("b + z + a + x + y"), ["x", "y", "z", "b", "a"]);
    assert_eq!(vars("t^2 + e"), ["t"]);
    assert!(vars("pi*2").is_empty());
    // The example: w across, b up, as ŷ = wx + b is written.
    assert_eq!(vars("w^2 + b^2"), ["w", "b"]);
    // The regression lab's loss is over a, then b.
    assert_eq!(vars("(3 - (1.5a + b))^2 + (1 - (2a + b))^2"), ["a", "b"]);
    // Subscripts of one letter stay together, by number.
    assert_eq!(vars("x_2 + a + x_1 + x_10"), ["x_1", "x_2", "x_10", "a"]);
    // The left side wins.
    assert_eq!(vars("f(y, x) = x + y"), ["y", "x"]);
    assert_eq!(vars("L(w, b) = (w - 1)^2 + b^2"), ["w", "b"]);
}

#[test]
fn edit_distance_counts_swaps_as_one() {
    assert_eq!(edit_distance("cso", "cos"), 1);
    assert_eq!(edit_distance("sn", "sin"), 1);
    assert_eq!(edit_distance("sqr", "sqrt"), 1);
    assert_eq!(edit_distance("abc", "abc"), 0);
}

/// (kind, typed span) of each token, for checking where inserted and LaTeX tokens point.
fn spans(text: &str) -> Vec<(String, (usize, usize))> {
    lex(text)
        .map(|l| l.tokens.iter().map(|t| (t.text.clone(), (t.span.start, t.span.end))).collect())
        .unwrap_or_default()
}

#[test]
fn inserted_parentheses_are_empty_and_typed_tokens_keep_their_place() {
    let s = |t: &str, a: usize, b: usize| (t.to_string(), (a, b));
    assert_eq!(spans("sin x"), [s("sin", 0, 3), s("(", 4, 4), s("x", 4, 5), s(")", 5, 5)]);
    assert_eq!(spans("|x|"), [s("abs", 0, 1), s("(", 1, 1), s("x", 1, 2), s(")", 2, 3)]);
    assert_eq!(spans("θ_1"), [s("θ_1", 0, 4)]);
    // The LaTeX fraction's tokens point at its braces (the outer pair, inserted, is dropped).
    assert_eq!(spans("\\frac{1}{x}"), [s("1", 6, 7), s("/", 8, 8), s("x", 9, 10)]);
    assert_eq!(spans("e^{x}"), [s("e", 0, 1), s("^", 1, 2), s("x", 3, 4)]);
}

#[test]
fn functions_of_a_word_and_products_before_a_parenthesis() {
    assert_eq!(normalized("sinxy"), "sin(x*y)");
    assert_eq!(normalized("2sinx cosy"), "2*sin(x)*cos(y)");
    assert_eq!(normalized("xsinx"), "x*sin(x)");
    assert_eq!(normalized("sin^2x + cos^2x"), "sin(x)^2 + cos(x)^2");
    assert_eq!(normalized("2xy(x+1)"), "2*x*y*(x+1)");
    assert_eq!(normalized("a(x+1)"), "a*(x+1)");
    assert!(normalized("foo(x)").contains("unknown function `foo`"));
    assert!(normalized("wv(x)").contains("for a product, write `w*v*(…)`"));
    assert!(normalized("sine(x)").contains("did you mean `sin`"));
    assert!(normalized("Sin(x)").contains("lower case"));
    assert_eq!(normalized("etax"), "η*x");
    assert_eq!(normalized("xi"), "x*i");
    assert_eq!(normalized("2pix"), "2*pi*x");
}
