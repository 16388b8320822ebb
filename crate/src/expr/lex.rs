//! Reads text as a learner writes it (`2x`, `x^2y`, `3xy^2`, `x sin(y)`, `π`, `²`) into tokens with
//! their place in the typed text, inserts the implied multiplications, checks the grammar with
//! positioned errors, and writes the canonical text (`x^2*y`) that meval then parses.

use super::error::{ExprError, Span};
use super::tree::Func;

/// Longest input we accept, in characters.
pub const MAX_CHARS: usize = 2000;
/// Deepest nesting of parentheses we accept.
pub const MAX_NESTING: usize = 200;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A number literal, with its text as typed (ASCII).
    Num(f64),
    /// A single-letter variable.
    Var(char),
    /// `pi`/`π` or `e`.
    Const(&'static str),
    /// A function name; the lexer guarantees a `(` follows.
    Func(Func),
    /// One of `+ - * / ^`.
    Op(char),
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `,` between function arguments.
    Comma,
}

/// A token and where it was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is in the typed text; empty for an inserted `*`.
    pub span: Span,
    /// Its canonical text.
    pub text: String,
    /// Whether the learner left a space before it (kept in the canonical text, for readability).
    pub space_before: bool,
}

/// The result of reading: tokens (implied `*` included), the canonical text, the variables.
#[derive(Debug, Clone)]
pub struct Lexed {
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// Canonical ASCII text, what is evaluated: `x^2y + sin(xy)` → `x^2*y + sin(x*y)`.
    pub normalized: String,
    /// The variables: `x`, `y`, `z` first in that order, then the others alphabetically.
    pub vars: Vec<char>,
}

/// Reads, normalizes and checks `text`.
pub fn lex(text: &str) -> Result<Lexed, ExprError> {
    check_length(text)?;
    let raw = tokenize(text)?;
    if raw.is_empty() {
        return Err(ExprError::new("type a function, for example x^2 + y^2", Span::new(0, text.len())));
    }
    let tokens = insert_implied_multiplication(raw)?;
    check_grammar(&tokens, text)?;
    let normalized = write_canonical(&tokens);
    let vars = collect_vars(&tokens);
    Ok(Lexed { tokens, normalized, vars })
}

fn check_length(text: &str) -> Result<(), ExprError> {
    // Check bytes first so a huge paste costs nothing to refuse.
    if text.len() > MAX_CHARS {
        if let Some((cut, _)) = text.char_indices().nth(MAX_CHARS) {
            let chars = text.chars().count();
            return Err(ExprError::new(
                format!("too long: {chars} characters, at most {MAX_CHARS} are accepted"),
                Span::new(cut, text.len()),
            ));
        }
    }
    Ok(())
}

fn tokenize(text: &str) -> Result<Vec<Token>, ExprError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut space_before = false;
    let push = |tokens: &mut Vec<Token>, kind, start, end, text: String, space: &mut bool| {
        tokens.push(Token { kind, span: Span::new(start, end), text, space_before: *space });
        *space = false;
    };
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else { break };
        let len = c.len_utf8();
        match c {
            c if c.is_whitespace() => {
                space_before = true;
                i += len;
            }
            '0'..='9' | '.' => {
                let end = scan_number(bytes, i);
                let literal = &text[i..end];
                let value: f64 = literal.parse().map_err(|_| {
                    ExprError::new(format!("`{}` is not a number", shorten(literal)), Span::new(i, end))
                })?;
                if value == 0.0 && literal.bytes().take_while(|b| *b != b'e' && *b != b'E').any(|b| (b'1'..=b'9').contains(&b)) {
                    return Err(ExprError::new(
                        format!("the number `{}` is too small: it would be read as 0 (the smallest is about 5e-324)", shorten(literal)),
                        Span::new(i, end),
                    ));
                }
                if !value.is_finite() {
                    return Err(ExprError::new(
                        format!("the number `{}` is too large (the largest is about 1.8e308)", shorten(literal)),
                        Span::new(i, end),
                    ));
                }
                // meval wants a digit before the point.
                let canonical = if literal.starts_with('.') { format!("0{literal}") } else { literal.to_string() };
                push(&mut tokens, TokenKind::Num(value), i, end, canonical, &mut space_before);
                i = end;
            }
            'a'..='z' | 'A'..='Z' => {
                let end = scan_word(text, i);
                let followed_by_paren = text[end..].trim_start().starts_with('(');
                for (kind, start, stop) in split_word(text, i, end, followed_by_paren)? {
                    let canonical = match &kind {
                        TokenKind::Func(f) => f.name().to_string(),
                        TokenKind::Const(name) => name.to_string(),
                        _ => text[start..stop].to_string(),
                    };
                    push(&mut tokens, kind, start, stop, canonical, &mut space_before);
                }
                i = end;
            }
            'π' => {
                push(&mut tokens, TokenKind::Const("pi"), i, i + len, "pi".into(), &mut space_before);
                i += len;
            }
            '*' if bytes.get(i + 1) == Some(&b'*') => {
                push(&mut tokens, TokenKind::Op('^'), i, i + 2, "^".into(), &mut space_before);
                i += 2;
            }
            '+' | '-' | '*' | '/' | '^' | '−' | '·' | '×' | '÷' | '⋅' => {
                let op = match c {
                    '−' => '-',
                    '·' | '×' | '⋅' => '*',
                    '÷' => '/',
                    other => other,
                };
                push(&mut tokens, TokenKind::Op(op), i, i + len, op.to_string(), &mut space_before);
                i += len;
            }
            '²' | '³' => {
                let exponent = if c == '²' { 2.0 } else { 3.0 };
                push(&mut tokens, TokenKind::Op('^'), i, i, "^".into(), &mut space_before);
                let digits = if c == '²' { "2" } else { "3" };
                push(&mut tokens, TokenKind::Num(exponent), i, i + len, digits.into(), &mut space_before);
                i += len;
            }
            '(' => {
                push(&mut tokens, TokenKind::LParen, i, i + 1, "(".into(), &mut space_before);
                i += 1;
            }
            ')' => {
                push(&mut tokens, TokenKind::RParen, i, i + 1, ")".into(), &mut space_before);
                i += 1;
            }
            ',' => {
                push(&mut tokens, TokenKind::Comma, i, i + 1, ",".into(), &mut space_before);
                i += 1;
            }
            _ => return Err(unexpected_character(c, Span::new(i, i + len))),
        }
    }
    Ok(tokens)
}

/// A long literal cut for a message; the span still points at all of it.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 24 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(20).collect::<String>())
    }
}

fn unexpected_character(c: char, span: Span) -> ExprError {
    let message = match c {
        '!' => "factorials (`!`) are not supported".to_string(),
        '%' => "`%` is not supported; write the operation out".to_string(),
        '=' => "type only the right-hand side: `x^2 + y^2`, not `f = x^2 + y^2`".to_string(),
        '[' | ']' | '{' | '}' => format!("use round parentheses instead of `{c}`"),
        c if c.is_control() => format!("unexpected control character U+{:04X}", c as u32),
        c => format!("unexpected character `{c}`"),
    };
    ExprError::new(message, span)
}

/// End of the number literal starting at `start`: digits, one `.`, and an exponent `e±digits`
/// only when digits follow, so `2e` stays "2 times e" and `2e-3` is 0.002.
fn scan_number(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    let digits = |i: &mut usize| {
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
    };
    digits(&mut i);
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        digits(&mut i);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            i = j;
            digits(&mut i);
        }
    }
    i
}

/// End of a run of ASCII letters; digits join it only to spell `log10`, `log2` or `atan2`.
fn scan_word(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
        end += 1;
    }
    for (suffix_of, digits) in [("log", "10"), ("log", "2"), ("atan", "2")] {
        if text[start..end].ends_with(suffix_of) && text[end..].starts_with(digits) {
            // All the digits, so `atan22` is one (unknown) name, not `atan2` times 2.
            let digits_end = end + bytes[end..].iter().take_while(|b| b.is_ascii_digit()).count();
            return digits_end;
        }
    }
    end
}

/// Splits a run of letters the way the course text writes products: `xy` is x·y, `x^2yz` has
/// `yz` = y·z, `xsin(` is x·sin(, `pix` is π·x. A run that ends just before `(` and is not a
/// product of letters ending in a function name is an unknown function.
fn split_word(
    text: &str,
    start: usize,
    end: usize,
    followed_by_paren: bool,
) -> Result<Vec<(TokenKind, usize, usize)>, ExprError> {
    let word = &text[start..end];
    if word.bytes().any(|b| b.is_ascii_digit()) && Func::from_name(word).is_none() {
        // `atan22(`, `log3(`: a name with digits that is not one of ours.
        let hint = closest_function(word).map_or(String::new(), |s| format!(": did you mean `{s}`?"));
        let base = if word.starts_with("log") { " (for a base b, write ln(x)/ln(b))" } else { "" };
        return Err(ExprError::new(format!("unknown function `{word}`{hint}{base}"), Span::new(start, end)));
    }
    if followed_by_paren && word.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower = word.to_ascii_lowercase();
        if let Some(f) = Func::from_name(&lower) {
            return Err(ExprError::new(
                format!("`{word}` would read as a product of variables: functions are written in lower case, like `{}`", f.name()),
                Span::new(start, end),
            ));
        }
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while i < word.len() {
        let rest = &word[i..];
        let longest = Func::names()
            .chain(["pi"])
            .filter(|name| name.len() > 1 && rest.starts_with(name))
            .max_by_key(|name| name.len());
        match longest {
            Some("pi") => {
                parts.push((TokenKind::Const("pi"), start + i, start + i + 2));
                i += 2;
            }
            Some(name) => {
                let at = Span::new(start + i, start + i + name.len());
                if i + name.len() < word.len() || !followed_by_paren {
                    return Err(ExprError::new(
                        format!("`{name}` needs its argument in parentheses, like `{name}({})`", example_args(name)),
                        at,
                    ));
                }
                let func = Func::from_name(name)
                    .ok_or_else(|| ExprError::new(format!("unknown function `{name}`"), at))?;
                parts.push((TokenKind::Func(func), at.start, at.end));
                i += name.len();
            }
            None => {
                let c = rest.chars().next().unwrap_or('?');
                let kind = if c == 'e' { TokenKind::Const("e") } else { TokenKind::Var(c) };
                parts.push((kind, start + i, start + i + 1));
                i += 1;
            }
        }
    }
    let ends_in_function = matches!(parts.last(), Some((TokenKind::Func(_), _, _)));
    if followed_by_paren && word.len() > 1 && !ends_in_function {
        if let Some(suggestion) = closest_function(word) {
            return Err(ExprError::new(
                format!(
                    "unknown function `{word}`: did you mean `{suggestion}`? (for a product, write `{}*(…)`)",
                    word.chars().map(String::from).collect::<Vec<_>>().join("*")
                ),
                Span::new(start, end),
            ));
        }
    }
    Ok(parts)
}

/// Example arguments for a function's name in a hint: `x`, or `y, x` for atan2.
fn example_args(name: &str) -> &'static str {
    match Func::from_name(name).map(Func::arity) {
        Some(2) if name == "atan2" => "y, x",
        Some(2) => "x, y",
        _ => "x",
    }
}

/// The known function closest to `word` by edit distance, when close enough to be a typo.
fn closest_function(word: &str) -> Option<&'static str> {
    let limit = if word.len() <= 3 { 1 } else { 2 };
    Func::names()
        .map(|name| (edit_distance(word, name), name))
        .filter(|(d, _)| *d <= limit)
        // On a tie, a name with the same first letter is the likelier typo (`sn` → `sin`, not `ln`).
        .min_by_key(|(d, name)| (*d, name.chars().next() != word.chars().next()))
        .map(|(_, name)| name)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

fn is_operand_end(kind: &TokenKind) -> bool {
    matches!(kind, TokenKind::Num(_) | TokenKind::Var(_) | TokenKind::Const(_) | TokenKind::RParen)
}

fn is_operand_start(kind: &TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Num(_) | TokenKind::Var(_) | TokenKind::Const(_) | TokenKind::Func(_) | TokenKind::LParen
    )
}

/// Inserts `*` wherever two operands touch: `2x`, `xy`, `2(x+1)`, `(x+1)(x-1)`, `x sin(y)`.
/// Two numbers side by side (`2 3`) are a typo, not a product.
fn insert_implied_multiplication(raw: Vec<Token>) -> Result<Vec<Token>, ExprError> {
    let mut tokens: Vec<Token> = Vec::with_capacity(raw.len() * 2);
    for token in raw {
        if let Some(prev) = tokens.last() {
            if is_operand_end(&prev.kind) && is_operand_start(&token.kind) {
                if matches!(prev.kind, TokenKind::Num(_)) && matches!(token.kind, TokenKind::Num(_)) {
                    return Err(ExprError::new(
                        format!("missing operator between `{}` and `{}`", prev.text, token.text),
                        prev.span.to(token.span),
                    ));
                }
                let at = token.span.start;
                tokens.push(Token {
                    kind: TokenKind::Op('*'),
                    span: Span::new(at, at),
                    text: "*".into(),
                    space_before: false,
                });
            }
        }
        tokens.push(token);
    }
    Ok(tokens)
}

/// A left parenthesis still open, and what it belongs to.
struct OpenParen {
    span: Span,
    func: Option<(Func, Span)>,
    n_args: usize,
}

/// Checks the grammar with a small state machine (no recursion, so no nesting can overflow the
/// stack): operands and operators alternate, parentheses match, functions get their arguments.
fn check_grammar(tokens: &[Token], text: &str) -> Result<(), ExprError> {
    let mut expect_operand = true;
    let mut open: Vec<OpenParen> = Vec::new();
    let mut pending_func: Option<(Func, Span)> = None;
    let mut last_op: Option<&Token> = None;
    for (k, token) in tokens.iter().enumerate() {
        let span = token.span;
        if expect_operand {
            match &token.kind {
                TokenKind::Num(_) | TokenKind::Var(_) | TokenKind::Const(_) => expect_operand = false,
                TokenKind::Func(f) => pending_func = Some((*f, span)),
                TokenKind::LParen => {
                    if open.len() >= MAX_NESTING {
                        return Err(ExprError::new(
                            format!("too deeply nested: more than {MAX_NESTING} levels of parentheses"),
                            span,
                        ));
                    }
                    open.push(OpenParen { span, func: pending_func.take(), n_args: 0 });
                }
                TokenKind::Op('+') | TokenKind::Op('-') => {
                    // A run of signs is still one operand's sign, but bound it like nesting.
                    let run = tokens[..k].iter().rev().take_while(|t| matches!(t.kind, TokenKind::Op('+' | '-'))).count();
                    if run >= MAX_NESTING {
                        return Err(ExprError::new("too many signs in a row", span));
                    }
                    last_op = Some(token);
                }
                TokenKind::Op(op) => {
                    return Err(match last_op {
                        Some(prev) if prev.span.end <= span.start && k > 0 && matches!(tokens[k - 1].kind, TokenKind::Op(_)) => {
                            ExprError::new(format!("missing operand between `{}` and `{op}`", prev.text), prev.span.to(span))
                        }
                        _ => ExprError::new(format!("missing operand before `{op}`"), span),
                    });
                }
                TokenKind::RParen => {
                    return Err(match open.last() {
                        Some(OpenParen { func: Some((f, _)), n_args: 0, .. }) if k > 0 && tokens[k - 1].kind == TokenKind::LParen => {
                            ExprError::new(format!("`{}()` needs an argument, like `{}(x)`", f.name(), f.name()), span)
                        }
                        Some(_) if k > 0 && tokens[k - 1].kind == TokenKind::LParen => {
                            ExprError::new("empty parentheses: put an expression inside", tokens[k - 1].span.to(span))
                        }
                        Some(_) => ExprError::new("missing operand before `)`", span),
                        None => ExprError::new("this `)` has no matching `(`", span),
                    });
                }
                TokenKind::Comma => return Err(ExprError::new("missing argument before `,`", span)),
            }
        } else {
            match &token.kind {
                TokenKind::Op(_) => {
                    expect_operand = true;
                    last_op = Some(token);
                }
                TokenKind::RParen => {
                    let Some(paren) = open.pop() else {
                        return Err(ExprError::new("this `)` has no matching `(`", span));
                    };
                    if let Some((f, name_span)) = paren.func {
                        let n_args = paren.n_args + 1;
                        if n_args != f.arity() {
                            let plural = if f.arity() == 1 { "" } else { "s" };
                            let typed = text.get(name_span.start..name_span.end).unwrap_or("");
                            let message = if f == Func::Ln && n_args == 2 {
                                format!("`{typed}` is the natural logarithm and takes 1 argument: for a base b write ln(x)/ln(b) (or log2(x), log10(x))")
                            } else {
                                format!("`{}` takes {} argument{plural}, not {n_args}", f.name(), f.arity())
                            };
                            return Err(ExprError::new(message, name_span.to(span)));
                        }
                    }
                }
                TokenKind::Comma => match open.last_mut() {
                    Some(OpenParen { func: Some(_), n_args, .. }) => {
                        *n_args += 1;
                        expect_operand = true;
                    }
                    _ => return Err(ExprError::new("`,` only separates a function's arguments, like `max(x, y)`", span)),
                },
                // Implied multiplication has been inserted, so operands never touch here.
                _ => return Err(ExprError::new("missing operator", span)),
            }
        }
    }
    if expect_operand {
        let end = text.len();
        return Err(match tokens.last() {
            Some(Token { kind: TokenKind::Op(op), span, .. }) => {
                ExprError::new(format!("missing operand after `{op}`"), *span)
            }
            Some(Token { kind: TokenKind::Func(f), span, .. }) => {
                ExprError::new(format!("`{}` needs its argument in parentheses", f.name()), *span)
            }
            Some(Token { kind: TokenKind::Comma, span, .. }) => ExprError::new("missing argument after `,`", *span),
            Some(Token { kind: TokenKind::LParen, span, .. }) => ExprError::new("this `(` is never closed", *span),
            _ => ExprError::new("the expression ends too early", Span::new(end, end)),
        });
    }
    if let Some(paren) = open.last() {
        return Err(ExprError::new("this `(` is never closed", paren.span));
    }
    Ok(())
}

/// Writes tokens back as canonical text, keeping the learner's spacing between tokens.
fn write_canonical(tokens: &[Token]) -> String {
    let mut out = String::new();
    for (k, token) in tokens.iter().enumerate() {
        // A space before `(` of a call or after an inserted `*` would read oddly; keep the rest.
        let after_func = k > 0 && matches!(tokens[k - 1].kind, TokenKind::Func(_));
        let after_inserted = k > 0 && tokens[k - 1].span.start == tokens[k - 1].span.end;
        if token.space_before && !after_func && !after_inserted && !out.is_empty() && !token.span_is_inserted() {
            out.push(' ');
        }
        out.push_str(&token.text);
    }
    out
}

impl Token {
    fn span_is_inserted(&self) -> bool {
        self.span.start == self.span.end && self.kind == TokenKind::Op('*')
    }
}

fn collect_vars(tokens: &[Token]) -> Vec<char> {
    let mut vars: Vec<char> = tokens
        .iter()
        .filter_map(|t| match t.kind {
            TokenKind::Var(c) => Some(c),
            _ => None,
        })
        .collect();
    let rank = |c: &char| match c {
        'x' => (0, *c),
        'y' => (1, *c),
        'z' => (2, *c),
        _ => (3, *c),
    };
    vars.sort_by_key(rank);
    vars.dedup();
    vars
}

#[cfg(test)]
mod tests;
