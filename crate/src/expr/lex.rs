//! Reads text as a learner writes it — and as the course prints it — into tokens with their
//! place in the typed text: `2x`, `x^2y`, `3xy^2`, `x sin(y)`, `sin x`, `sin^2 x`, `|x - y|`, `π`,
//! `²`, Greek letters (`θ`, `theta`, `\theta`), subscripts (`x_1`, `x_{12}`, `x1`, `x₁`), a named
//! left side (`f(x, y) = …`) and LaTeX pasted from the course (`\frac{1}{x}`, `\sqrt{…}`,
//! `e^{x^2}`, `\cdot`, `\left( … \right)`, `$…$`). It inserts the implied multiplications and
//! function parentheses, checks the grammar with positioned errors, and writes two texts: the
//! canonical echo the learner sees (`sin(x)`, `θ^2`, `x_1`) and the plain text meval parses.
//!
//! LaTeX is read by the tokenizer itself rather than rewritten first, so every token, and so
//! every error, keeps its true place in the typed text (a `\frac`'s parentheses point at the
//! `\frac` and its braces).

use super::error::{ExprError, Span};
use super::tree::Func;

mod scan;

use scan::{shorten, Lexer, Suspect};

/// Longest input we accept, in characters.
pub const MAX_CHARS: usize = 2000;
/// Deepest nesting of parentheses we accept.
pub const MAX_NESTING: usize = 200;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A number literal, with its text as typed (ASCII).
    Num(f64),
    /// A variable, by its canonical name: `x`, `θ`, `x_1`, `x_{ij}`.
    Var(String),
    /// `pi`/`π` or `e`.
    Const(&'static str),
    /// A function name; once functions are applied, a `(` follows.
    Func(Func),
    /// One of `+ - * / ^`.
    Op(char),
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `,` between function arguments.
    Comma,
    /// `|`, read as `abs(` or `)` before the grammar is checked.
    Bar,
    /// `=` between a named left side and the function.
    Equals,
}

/// A token and where it was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is in the typed text; empty for an inserted `*` or parenthesis.
    pub span: Span,
    /// Its canonical text.
    pub text: String,
    /// Whether the learner left a space before it (kept in the canonical text, for readability).
    pub space_before: bool,
}

/// The result of reading: tokens (implied `*` and parentheses included), the texts, the variables.
#[derive(Debug, Clone)]
pub struct Lexed {
    /// Tokens of the function (the right-hand side) in order.
    pub tokens: Vec<Token>,
    /// Canonical text, the echo under the field: `x^2y + sin xy` → `x^2*y + sin(x*y)`,
    /// `f(w, b) = theta^2` → `f(w, b) = θ^2`.
    pub normalized: String,
    /// The same function as plain ASCII for meval, variables renamed `v0`, `v1`, …
    pub internal: String,
    /// The variables in order (see [`order_vars`]), or as the left side lists them.
    pub vars: Vec<String>,
    /// The function's name when a left side gives one (`f`, `L`, `loss`).
    pub name: Option<String>,
    /// A note when the reading follows a convention a textbook might not share (`1/2x`).
    pub hint: Option<String>,
}

/// Reads, normalizes and checks `text`.
pub fn lex(text: &str) -> Result<Lexed, ExprError> {
    check_length(text)?;
    let (lo, hi) = math_range(text);
    let (raw, suspects) = Lexer::new(text, lo, hi).run()?;
    let (head, body) = split_definition(raw, text)?;
    if body.is_empty() {
        return Err(ExprError::new("type a function, for example x^2 + y^2", Span::new(0, text.len())));
    }
    let body_start = body.first().map_or(0, |t| t.span.start);
    check_suspect_words(&suspects, &body, body_start, head.as_ref(), text)?;
    let body = resolve_bars(body)?;
    let (body, app_hint) = apply_functions(body, text)?;
    let tokens = insert_implied_multiplication(body)?;
    check_grammar(&tokens, text)?;
    let tokens = drop_redundant_parens(tokens, text);
    let vars = match &head {
        Some(Head { vars: Some(listed), .. }) => {
            check_listed(&tokens, listed, head.as_ref())?;
            listed.clone()
        }
        Some(h) => {
            let vars = order_vars(&tokens);
            check_bare_name(h, &vars, text)?;
            vars
        }
        None => order_vars(&tokens),
    };
    let hint = app_hint.or_else(|| division_hint(&tokens, text));
    let echo = write_text(&tokens, |t| t.text.clone());
    let normalized = match &head {
        Some(Head { name, vars: Some(listed), .. }) => format!("{name}({}) = {echo}", listed.join(", ")),
        Some(Head { name, .. }) => format!("{name} = {echo}"),
        None => echo,
    };
    let internal = write_text(&tokens, |t| match &t.kind {
        TokenKind::Var(name) => vars.iter().position(|v| v == name).map_or_else(|| name.clone(), |i| format!("v{i}")),
        _ => t.text.clone(),
    });
    Ok(Lexed { tokens, normalized, internal, vars, name: head.map(|h| h.name), hint })
}

fn check_length(text: &str) -> Result<(), ExprError> {
    // Check bytes first so a huge paste costs nothing to refuse.
    if text.len() > MAX_CHARS {
        if let Some((cut, _)) = text.char_indices().nth(MAX_CHARS) {
            // The page passes at most 4·MAX_CHARS + 1 characters of a longer text (args.js's
            // TEXT_CAP): past that the count is only known to be more.
            let chars = text.chars().count();
            let count = if chars > 4 * MAX_CHARS { format!("more than {}", 4 * MAX_CHARS) } else { chars.to_string() };
            return Err(ExprError::new(
                format!("too long: {count} characters, at most {MAX_CHARS} are accepted"),
                Span::new(cut, text.len()),
            ));
        }
    }
    Ok(())
}

/// The part of `text` to read: inside the `$…$`, `$$…$$` or `\(…\)` of a pasted formula, else all.
fn math_range(text: &str) -> (usize, usize) {
    let lo = text.len() - text.trim_start().len();
    let hi = text.trim_end().len();
    let inner = &text[lo..hi.max(lo)];
    for (open, close) in [("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")] {
        if inner.len() >= open.len() + close.len() && inner.starts_with(open) && inner.ends_with(close) {
            return (lo + open.len(), hi - close.len());
        }
    }
    (0, text.len())
}

/// A named left side: `f(x, y) =` lists the variables in order, `y =` only names.
#[derive(Debug, Clone)]
struct Head {
    name: String,
    vars: Option<Vec<String>>,
    /// The `=`.
    equals: Span,
}

/// Splits `f(x, y) = …` into its left side and the function.
fn split_definition(raw: Vec<Token>, text: &str) -> Result<(Option<Head>, Vec<Token>), ExprError> {
    let mut equals = raw.iter().enumerate().filter(|(_, t)| t.kind == TokenKind::Equals);
    let Some((k, eq)) = equals.next() else { return Ok((None, raw)) };
    let eq_span = eq.span;
    if equals.next().is_some() {
        return Err(ExprError::new(
            "one `=` at most: type only the right-hand side, like `x^2 + y^2`, or name the function on the left, like `f(x, y) = x^2 + y^2`",
            eq_span,
        ));
    }
    let left = &raw[..k];
    let shape = || {
        let span = match (left.first(), left.last()) {
            (Some(a), Some(b)) => a.span.to(b.span),
            _ => eq_span,
        };
        ExprError::new(
            "type only the right-hand side, like `x^2 + y^2`, or name the function and its variables on the left, like `f(x, y) = x^2 + y^2`",
            span,
        )
    };
    // The name: letters typed together (`f`, `L`, `loss`, `f_1`), then the variables in parentheses.
    let name_len = left
        .iter()
        .enumerate()
        .take_while(|(n, t)| matches!(t.kind, TokenKind::Var(_) | TokenKind::Const(_)) && (*n == 0 || !t.space_before))
        .count();
    if name_len == 0 {
        if let Some(Token { kind: TokenKind::Func(f), span, .. }) = left.first() {
            return Err(ExprError::new(format!("`{}` is a built-in function: name yours f, g or L, like f(x) = …", f.name()), *span));
        }
        return Err(shape());
    }
    let name_span = left[0].span.to(left[name_len - 1].span);
    let name = text.get(name_span.start..name_span.end).unwrap_or("f").to_string();
    let vars = match &left[name_len..] {
        [] => None,
        [Token { kind: TokenKind::LParen, .. }, inner @ .., Token { kind: TokenKind::RParen, .. }] => {
            let mut listed: Vec<String> = Vec::new();
            for (n, item) in inner.iter().enumerate() {
                match (&item.kind, n % 2) {
                    (TokenKind::Var(v), 0) => {
                        if listed.contains(v) {
                            return Err(ExprError::new(format!("`{v}` is listed twice"), item.span));
                        }
                        listed.push(v.clone());
                    }
                    (TokenKind::Comma, 1) => {}
                    (TokenKind::Var(_), _) => {
                        return Err(ExprError::new("separate the variables with commas, like f(x, y)", item.span));
                    }
                    _ => return Err(ExprError::new("the left side lists variables, like f(x, y)", item.span)),
                }
            }
            if listed.is_empty() || inner.len() % 2 == 0 {
                return Err(shape());
            }
            Some(listed)
        }
        _ => return Err(shape()),
    };
    Ok((Some(Head { name, vars, equals: eq_span }), raw[k + 1..].to_vec()))
}

/// The right side may use only the variables the left side lists.
fn check_listed(tokens: &[Token], listed: &[String], head: Option<&Head>) -> Result<(), ExprError> {
    for t in tokens {
        if let TokenKind::Var(v) = &t.kind {
            if !listed.contains(v) {
                let name = head.map_or("f", |h| h.name.as_str());
                return Err(ExprError::new(
                    format!("`{v}` is not one of the variables of {name}({}): add it on the left", listed.join(", ")),
                    t.span,
                ));
            }
        }
    }
    Ok(())
}

/// `y = x^2` names the function y; `x = 1` or `x = x^2 + 1` is an equation, not a function.
fn check_bare_name(head: &Head, vars: &[String], text: &str) -> Result<(), ExprError> {
    if vars.is_empty() || vars.contains(&head.name) {
        let whole = text.trim();
        return Err(ExprError::new(
            format!("`{}` is an equation, not a function: type only the right-hand side, like `x^2 + y^2`, or name the function, like `f(x, y) = …`", shorten(whole)),
            head.equals,
        ));
    }
    Ok(())
}

/// Words read as products before `(` (`xy(x+1)`) must be made of the function's variables:
/// `x`, `y`, `z`, the left side's, or letters used on their own elsewhere. `foo(x)` is not.
fn check_suspect_words(suspects: &[Suspect], body: &[Token], body_start: usize, head: Option<&Head>, text: &str) -> Result<(), ExprError> {
    let inside = |s: Span| suspects.iter().any(|w| w.span.start <= s.start && s.end <= w.span.end);
    let mut known: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
    known.extend(head.and_then(|h| h.vars.clone()).unwrap_or_default());
    known.extend(body.iter().filter(|t| !inside(t.span)).filter_map(|t| match &t.kind {
        TokenKind::Var(v) => Some(v.clone()),
        _ => None,
    }));
    for w in suspects.iter().filter(|w| w.span.start >= body_start) {
        if w.letters.iter().any(|l| !known.contains(l)) {
            let typed = text.get(w.span.start..w.span.end).unwrap_or("");
            let guess = w.suggestion.as_ref().map_or(String::new(), |s| format!(": did you mean `{s}`?"));
            return Err(ExprError::new(format!("unknown function `{typed}`{guess} (for a product, write `{}*(…)`)", w.product), w.span));
        }
    }
    Ok(())
}

fn inserted(kind: TokenKind, at: usize, text: &str) -> Token {
    Token { kind, span: Span::new(at, at), text: text.into(), space_before: false }
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

fn is_atom(kind: &TokenKind) -> bool {
    matches!(kind, TokenKind::Num(_) | TokenKind::Var(_) | TokenKind::Const(_))
}

/// Reads `|…|` as `abs(…)`: a bar opens where an operand is expected, and closes an open bar
/// of the same parenthesis depth after an operand.
fn resolve_bars(tokens: Vec<Token>) -> Result<Vec<Token>, ExprError> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut open: Vec<(usize, Span)> = Vec::new();
    let mut depth = 0usize;
    for t in tokens {
        match t.kind {
            TokenKind::LParen => depth += 1,
            TokenKind::RParen => depth = depth.saturating_sub(1),
            TokenKind::Bar => {
                let after_operand = out.last().is_some_and(|p| is_operand_end(&p.kind));
                if after_operand && open.last().is_some_and(|(d, _)| *d == depth) {
                    open.pop();
                    depth = depth.saturating_sub(1);
                    out.push(Token { kind: TokenKind::RParen, text: ")".into(), ..t });
                } else {
                    let at = t.span.end;
                    out.push(Token { kind: TokenKind::Func(Func::Abs), text: "abs".into(), ..t });
                    out.push(inserted(TokenKind::LParen, at, "("));
                    depth += 1;
                    open.push((depth, t.span));
                }
                continue;
            }
            _ => {}
        }
        out.push(t);
    }
    if let Some((_, span)) = open.first() {
        return Err(ExprError::new("this `|` is never closed", *span));
    }
    Ok(out)
}

/// Index of the `)` matching the `(` at `open`, if any.
fn matching(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            TokenKind::LParen => depth += 1,
            TokenKind::RParen => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// A function's power, `sin^2` or `sin^-1` (also `^{-1}`, `²`): its value and where it ends.
fn function_power(tokens: &[Token], caret: usize, f: Func) -> Result<(f64, usize), ExprError> {
    let kind = |k: usize| tokens.get(k).map(|t| &t.kind);
    let mut k = caret + 1;
    let braced = kind(k) == Some(&TokenKind::LParen);
    if braced {
        k += 1;
    }
    let negative = kind(k) == Some(&TokenKind::Op('-'));
    if negative {
        k += 1;
    }
    let Some(TokenKind::Num(n)) = kind(k) else {
        let name = f.name();
        return Err(ExprError::new(format!("a function's power is a number, like {name}^2(x) or {name}^-1(x)"), tokens[caret].span));
    };
    let n = *n;
    k += 1;
    if braced {
        if kind(k) != Some(&TokenKind::RParen) {
            return Err(ExprError::new(format!("a function's power is a number, like {}^2(x)", f.name()), tokens[caret].span));
        }
        k += 1;
    }
    Ok((if negative { -n } else { n }, k))
}

/// Where the argument of a function typed without parentheses ends (one past it): `sin x`,
/// `sin 2x`, `sin xy`, `sin x^2`, `sin cos x`. It is one factor typed together: it ends at a
/// space, an operator, a comma, a parenthesis or another function.
fn implicit_argument_end(tokens: &[Token], start: usize) -> Option<usize> {
    let kind = |k: usize| tokens.get(k).map(|t| &t.kind);
    match kind(start)? {
        TokenKind::Func(f) => {
            let mut k = start + 1;
            if kind(k) == Some(&TokenKind::Op('^')) {
                k = function_power(tokens, k, *f).ok()?.1;
            }
            if kind(k) == Some(&TokenKind::LParen) {
                return Some(matching(tokens, k).map_or(tokens.len(), |c| c + 1));
            }
            implicit_argument_end(tokens, k)
        }
        k if is_atom(k) => {
            let mut j = start;
            loop {
                j += 1;
                if kind(j) == Some(&TokenKind::Op('^')) {
                    let mut e = j + 1;
                    if matches!(kind(e), Some(TokenKind::Op('+' | '-'))) {
                        e += 1;
                    }
                    match kind(e) {
                        Some(k) if is_atom(k) => j = e + 1,
                        Some(TokenKind::LParen) => j = matching(tokens, e).map_or(tokens.len(), |c| c + 1),
                        _ => break,
                    }
                }
                match tokens.get(j) {
                    Some(t) if is_atom(&t.kind) && !t.space_before => continue,
                    _ => break,
                }
            }
            Some(j)
        }
        _ => None,
    }
}

/// The inverse a `^-1` names: `sin^-1 x` is asin(x).
fn inverse(f: Func) -> Option<Func> {
    Some(match f {
        Func::Sin => Func::Asin,
        Func::Cos => Func::Acos,
        Func::Tan => Func::Atan,
        Func::Sec => Func::Asec,
        Func::Csc => Func::Acsc,
        Func::Cot => Func::Acot,
        Func::Sinh => Func::Asinh,
        Func::Cosh => Func::Acosh,
        Func::Tanh => Func::Atanh,
        _ => return None,
    })
}

/// Applies functions as a textbook does: `sin x` is sin(x), `sin^2 x` is sin(x)^2 and
/// `sin^-1 x` is asin(x). Inserts the parentheses (empty spans) and returns a hint when a space
/// ended an argument before a factor (`sin x y` is sin(x)·y).
fn apply_functions(tokens: Vec<Token>, text: &str) -> Result<(Vec<Token>, Option<String>), ExprError> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len() + 8);
    // Tokens to insert before index `at`; innermost last, so they pop in order.
    let mut closers: Vec<(usize, Vec<Token>)> = Vec::new();
    let mut hint = None;
    let mut k = 0;
    loop {
        while closers.last().is_some_and(|(at, _)| *at <= k) {
            if let Some((_, ts)) = closers.pop() {
                out.extend(ts);
            }
        }
        let Some(token) = tokens.get(k) else { break };
        let TokenKind::Func(f) = token.kind else {
            out.push(token.clone());
            k += 1;
            continue;
        };
        let mut func = f;
        let mut next = k + 1;
        let mut power: Vec<Token> = Vec::new();
        if tokens.get(next).map(|t| &t.kind) == Some(&TokenKind::Op('^')) {
            let (n, after) = function_power(&tokens, next, f)?;
            let caret = tokens[next].span;
            let typed = text.get(token.span.start..tokens[after - 1].span.end).unwrap_or("");
            if n == -1.0 {
                func = inverse(f).ok_or_else(|| {
                    ExprError::new(format!("`{typed}` would be the inverse of {}, which is not built in", f.name()), token.span.to(caret))
                })?;
            } else if n < 0.0 {
                return Err(ExprError::new(
                    format!("`{typed}` is ambiguous: write 1/{}(x)^{} for a power, or a{}(x) for the inverse", f.name(), -n, f.name()),
                    token.span.to(caret),
                ));
            } else {
                let end = tokens[after - 1].span.end;
                power.push(Token { kind: TokenKind::Op('^'), span: caret, text: "^".into(), space_before: false });
                power.push(Token { kind: TokenKind::Num(n), span: Span::new(caret.end, end), text: super::print::format_number(n), space_before: false });
            }
            next = after;
        }
        out.push(Token { kind: TokenKind::Func(func), text: func.name().into(), ..token.clone() });
        if tokens.get(next).map(|t| &t.kind) == Some(&TokenKind::LParen) {
            if !power.is_empty() {
                let close = matching(&tokens, next).map_or(tokens.len(), |c| c + 1);
                push_closer(&mut closers, close, power);
            }
            k = next;
            continue;
        }
        let needs = || {
            let name = func.name();
            let args = example_args(func);
            ExprError::new(format!("`{name}` needs its argument in parentheses, like `{name}({args})`"), token.span)
        };
        if func.arity() != 1 {
            return Err(needs());
        }
        let end = implicit_argument_end(&tokens, next).ok_or_else(needs)?;
        let (first, last) = (&tokens[next], &tokens[end - 1]);
        out.push(inserted(TokenKind::LParen, first.span.start, "("));
        let mut closing = vec![inserted(TokenKind::RParen, last.span.end, ")")];
        closing.extend(power);
        push_closer(&mut closers, end, closing);
        if hint.is_none() {
            if let Some(after) = tokens.get(end).filter(|t| t.space_before && is_atom(&t.kind)) {
                let typed = text.get(token.span.start..after.span.end).unwrap_or("");
                let arg = text.get(first.span.start..last.span.end).unwrap_or("");
                let factor = text.get(after.span.start..after.span.end).unwrap_or("");
                hint = Some(format!(
                    "`{typed}` is read as {}({arg})·{factor}: an argument without parentheses ends at a space (did you mean {}({arg} {factor})?)",
                    func.name(),
                    func.name()
                ));
            }
        }
        k = next;
    }
    Ok((out, hint))
}

/// Keeps `closers` ordered so that the nearest insertion point is on top.
fn push_closer(closers: &mut Vec<(usize, Vec<Token>)>, at: usize, tokens: Vec<Token>) {
    let place = closers.iter().position(|(other, _)| *other < at).unwrap_or(closers.len());
    closers.insert(place, (at, tokens));
}

/// Example arguments for a function's name in a hint: `x`, `y, x` for atan2.
fn example_args(f: Func) -> &'static str {
    match f {
        Func::Atan2 => "y, x",
        Func::LeakyRelu => "x, 0.01",
        _ if f.arity() == 2 => "x, y",
        _ => "x",
    }
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
                tokens.push(inserted(TokenKind::Op('*'), token.span.start, "*"));
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
                TokenKind::Bar | TokenKind::Equals => return Err(ExprError::new(format!("unexpected `{}`", token.text), span)),
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

/// Drops parentheses we inserted (or that came from LaTeX braces) around a single number,
/// variable or call, so the echo reads `1/x` for `\frac{1}{x}` and `e^x` for `e^{x}`; typed ones stay.
fn drop_redundant_parens(tokens: Vec<Token>, text: &str) -> Vec<Token> {
    let typed = |t: &Token, c: &str| text.get(t.span.start..t.span.end) == Some(c);
    let mut drop = vec![false; tokens.len()];
    for k in 0..tokens.len() {
        let after_func = k > 0 && matches!(tokens[k - 1].kind, TokenKind::Func(_));
        if tokens[k].kind != TokenKind::LParen || after_func || typed(&tokens[k], "(") {
            continue;
        }
        let Some(close) = matching(&tokens, k) else { continue };
        // A primary: one number or letter, or one call `f(…)`.
        let primary = (close == k + 2 && is_atom(&tokens[k + 1].kind))
            || (matches!(tokens.get(k + 1).map(|t| &t.kind), Some(TokenKind::Func(_)))
                && tokens.get(k + 2).is_some_and(|t| t.kind == TokenKind::LParen)
                && matching(&tokens, k + 2) == Some(close - 1));
        if primary && !typed(&tokens[close], ")") {
            drop[k] = true;
            drop[close] = true;
        }
    }
    // Around everything, as `\frac{1}{x}` alone is: `(1/x)` reads as `1/x`.
    if let (Some(first), Some(last)) = (tokens.first(), tokens.last()) {
        let whole = first.kind == TokenKind::LParen && matching(&tokens, 0) == Some(tokens.len() - 1);
        if whole && !typed(first, "(") && !typed(last, ")") {
            drop[0] = true;
            drop[tokens.len() - 1] = true;
        }
    }
    tokens.into_iter().zip(drop).filter(|(_, d)| !d).map(|(t, _)| t).collect()
}

/// The variables in order: `x`, `y`, `z` first, then the others in the order they first
/// appear (`w^2 + b^2` is w across and b up, as ŷ = wx + b is written); variables sharing a
/// letter with subscripts stay together, by subscript (`x_2 + x_1` has x_1 first).
fn order_vars(tokens: &[Token]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for t in tokens {
        if let TokenKind::Var(v) = &t.kind {
            if !seen.contains(v) {
                seen.push(v.clone());
            }
        }
    }
    let base = |v: &str| v.split('_').next().unwrap_or(v).to_string();
    let family_at = |v: &str| seen.iter().position(|w| base(w) == base(v)).unwrap_or(0);
    let sub_key = |v: &str| {
        let sub = v.split_once('_').map_or("", |(_, s)| s.trim_matches(|c| c == '{' || c == '}'));
        (sub.parse::<u64>().unwrap_or(u64::MAX), sub.to_string())
    };
    let rank = |v: &str| match v {
        "x" => 0,
        "y" => 1,
        "z" => 2,
        _ => 3,
    };
    let mut vars = seen.clone();
    crate::order::sort_by_key(&mut vars, |v| (rank(v), family_at(v), v.contains('_'), sub_key(v)));
    vars
}

/// A hint for a division whose right side is an implied product: `1/2x` is (1/2)·x.
fn division_hint(tokens: &[Token], text: &str) -> Option<String> {
    let implied = |t: &Token| t.kind == TokenKind::Op('*') && t.span.start == t.span.end;
    for (k, slash) in tokens.iter().enumerate() {
        if slash.kind != TokenKind::Op('/') || slash.span.start == slash.span.end {
            continue;
        }
        // The left operand: the product or quotient the `/` ends (back to a `+`, `-`, `,` or
        // an open parenthesis).
        if k == 0 {
            continue;
        }
        let mut depth = 0usize;
        let mut first = k;
        for j in (0..k).rev() {
            match tokens[j].kind {
                TokenKind::RParen => depth += 1,
                TokenKind::LParen if depth == 0 => break,
                TokenKind::LParen => depth -= 1,
                TokenKind::Op('+' | '-') | TokenKind::Comma if depth == 0 => break,
                _ => {}
            }
            first = j;
        }
        let Some(left_start) = tokens[first..k].iter().find(|t| t.span.start < t.span.end).map(|t| t.span.start) else { continue };
        let Some(b) = tokens.get(k + 1).filter(|t| is_atom(&t.kind)) else { continue };
        let mut j = k + 2;
        if tokens.get(j).is_some_and(|t| t.kind == TokenKind::Op('^')) && tokens.get(j + 1).is_some_and(|t| is_atom(&t.kind)) {
            j += 2;
        }
        let b_end = tokens[j - 1].span.end;
        if !tokens.get(j).is_some_and(implied) {
            continue;
        }
        let mut end = b_end;
        while tokens.get(j).is_some_and(implied) && tokens.get(j + 1).is_some_and(|t| is_atom(&t.kind)) {
            end = tokens[j + 1].span.end;
            j += 2;
            if tokens.get(j).is_some_and(|t| t.kind == TokenKind::Op('^')) && tokens.get(j + 1).is_some_and(|t| is_atom(&t.kind)) {
                end = tokens[j + 1].span.end;
                j += 2;
            }
        }
        let a = text.get(left_start..slash.span.start)?.trim();
        let bt = text.get(b.span.start..b_end)?.trim();
        let rest = text.get(b_end..end)?.trim();
        return Some(format!("read as ({a}/{bt})·{rest}: did you mean {a}/({bt}{rest})?"));
    }
    None
}

/// Writes tokens as text, keeping the learner's spacing between operands and operators (none
/// just inside parentheses); `name` gives each
/// token's text (the echo's names, or meval's).
fn write_text(tokens: &[Token], name: impl Fn(&Token) -> String) -> String {
    let mut out = String::new();
    for (k, token) in tokens.iter().enumerate() {
        // A space before `(` of a call or after an inserted token would read oddly; keep the rest.
        let prev = k.checked_sub(1).map(|j| &tokens[j]);
        let after_func = prev.is_some_and(|p| matches!(p.kind, TokenKind::Func(_)));
        let after_open = prev.is_some_and(|p| p.kind == TokenKind::LParen);
        let after_inserted = prev.is_some_and(|p| p.span.start == p.span.end && p.kind != TokenKind::RParen);
        let is_inserted = token.span.start == token.span.end;
        let closing = token.kind == TokenKind::RParen;
        let keep = !(after_func || after_open || after_inserted || is_inserted || closing);
        if token.space_before && keep && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&name(token));
    }
    out
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


#[cfg(test)]
mod tests;
