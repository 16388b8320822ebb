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
            let chars = text.chars().count();
            return Err(ExprError::new(
                format!("too long: {chars} characters, at most {MAX_CHARS} are accepted"),
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

/// Greek letters by name: (name, letter, whether a typed word of ASCII letters reads it too).
/// `xi` is left out of typed words (`xi` is x·i or x_i far more often than ξ), as is `pi`,
/// which is the constant.
const GREEK: &[(&str, char, bool)] = &[
    ("alpha", 'α', true),
    ("beta", 'β', true),
    ("gamma", 'γ', true),
    ("delta", 'δ', true),
    ("epsilon", 'ε', true),
    ("varepsilon", 'ε', false),
    ("zeta", 'ζ', true),
    ("eta", 'η', true),
    ("theta", 'θ', true),
    ("vartheta", 'θ', false),
    ("iota", 'ι', true),
    ("kappa", 'κ', true),
    ("lambda", 'λ', true),
    ("mu", 'μ', true),
    ("nu", 'ν', true),
    ("xi", 'ξ', false),
    ("rho", 'ρ', true),
    ("sigma", 'σ', true),
    ("tau", 'τ', true),
    ("upsilon", 'υ', true),
    ("phi", 'φ', true),
    ("varphi", 'φ', false),
    ("chi", 'χ', true),
    ("psi", 'ψ', true),
    ("omega", 'ω', true),
    ("Gamma", 'Γ', true),
    ("Delta", 'Δ', true),
    ("Theta", 'Θ', true),
    ("Lambda", 'Λ', true),
    ("Xi", 'Ξ', false),
    ("Sigma", 'Σ', true),
    ("Phi", 'Φ', true),
    ("Psi", 'Ψ', true),
    ("Omega", 'Ω', true),
];

/// A Greek letter typed as a character, in its canonical form (`ϕ` → `φ`), or `None`.
fn greek_char(c: char) -> Option<char> {
    match c {
        'ς' => Some('σ'),
        'ϵ' => Some('ε'),
        'ϑ' => Some('θ'),
        'ϕ' => Some('φ'),
        'π' => None,
        'α'..='ω' => Some(c),
        'Γ' | 'Δ' | 'Θ' | 'Λ' | 'Ξ' | 'Σ' | 'Φ' | 'Ψ' | 'Ω' => Some(c),
        _ => None,
    }
}

/// The Greek letter a LaTeX command names (`theta` → θ).
fn greek_command(name: &str) -> Option<char> {
    GREEK.iter().find(|(n, _, _)| *n == name).map(|(_, c, _)| *c)
}

/// A braced LaTeX argument or group still open.
#[derive(Debug)]
enum Frame {
    /// `{…}` after `^`: a parenthesized group.
    Group(Span),
    /// `\frac`'s numerator.
    FracNum(Span),
    /// `\frac`'s denominator.
    FracDen(Span),
    /// `\sqrt{…}`.
    Sqrt(Span),
    /// `\sqrt[n]`'s index; its tokens start at this index and are moved behind the radicand.
    RootIndex(Span, usize),
    /// `\sqrt[n]{…}`'s radicand, with the index's tokens.
    Root(Span, Vec<Token>),
}

/// What the next character must start, after `\frac` or `\sqrt`.
#[derive(Debug)]
enum Pending {
    None,
    FracNum(Span),
    FracDen(Span),
    Sqrt(Span),
    Root(Span, Vec<Token>),
}

/// A run of two or more letters read as a product just before `(` (`xy(x+1)`): accepted only if
/// every letter is a variable of the function elsewhere too, else it is an unknown function.
#[derive(Debug)]
struct Suspect {
    span: Span,
    letters: Vec<String>,
    /// The letters as a product, `a*b`, for the message.
    product: String,
    /// A function the word may be a typo of.
    suggestion: Option<String>,
}

struct Lexer<'a> {
    text: &'a str,
    i: usize,
    end: usize,
    tokens: Vec<Token>,
    space_before: bool,
    frames: Vec<Frame>,
    pending: Pending,
    suspects: Vec<Suspect>,
    /// Where the first `=` is, if any: words before it name the function.
    equals: Option<usize>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str, start: usize, end: usize) -> Lexer<'a> {
        let equals = text[start..end].find('=').map(|k| start + k);
        Lexer { text, i: start, end, tokens: Vec::new(), space_before: false, frames: Vec::new(), pending: Pending::None, suspects: Vec::new(), equals }
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize, text: impl Into<String>) {
        self.tokens.push(Token { kind, span: Span::new(start, end), text: text.into(), space_before: self.space_before });
        self.space_before = false;
    }

    fn rest(&self) -> &'a str {
        &self.text[self.i..self.end]
    }

    fn run(mut self) -> Result<(Vec<Token>, Vec<Suspect>), ExprError> {
        while self.i < self.end {
            let Some(c) = self.rest().chars().next() else { break };
            let len = c.len_utf8();
            if c.is_whitespace() {
                self.space_before = true;
                self.i += len;
                continue;
            }
            if !matches!(self.pending, Pending::None) && self.take_pending(c)? {
                continue;
            }
            self.one(c, len)?;
        }
        if let Some(frame) = self.frames.last() {
            let (span, what) = match frame {
                Frame::RootIndex(s, _) => (*s, "["),
                Frame::Group(s) | Frame::FracNum(s) | Frame::FracDen(s) | Frame::Sqrt(s) | Frame::Root(s, _) => (*s, "{"),
            };
            return Err(ExprError::new(format!("this `{what}` is never closed"), span));
        }
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::FracNum(s) | Pending::FracDen(s) => {
                return Err(ExprError::new("`\\frac` needs two groups, like \\frac{1}{x}", s));
            }
            Pending::Root(s, _) => return Err(ExprError::new("`\\sqrt[n]` needs its radicand, like \\sqrt[3]{x}", s)),
            Pending::Sqrt(s) => self.push(TokenKind::Func(Func::Sqrt), s.start, s.end, "sqrt"),
            Pending::None => {}
        }
        Ok((self.tokens, self.suspects))
    }

    /// Handles the character after `\frac` or `\sqrt`; returns whether it was consumed.
    fn take_pending(&mut self, c: char) -> Result<bool, ExprError> {
        let at = Span::new(self.i, self.i + c.len_utf8());
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::FracNum(s) => match c {
                '{' => {
                    self.push(TokenKind::LParen, s.start, s.end, "(");
                    self.push(TokenKind::LParen, at.start, at.end, "(");
                    self.frames.push(Frame::FracNum(at));
                    self.i += 1;
                }
                c if c.is_ascii_alphanumeric() => {
                    self.push(TokenKind::LParen, s.start, s.end, "(");
                    self.single(c)?;
                    self.pending = Pending::FracDen(s);
                }
                _ => return Err(ExprError::new("`\\frac` needs two groups, like \\frac{1}{x}", s)),
            },
            Pending::FracDen(s) => match c {
                '{' => {
                    self.push(TokenKind::Op('/'), at.start, at.start, "/");
                    self.push(TokenKind::LParen, at.start, at.end, "(");
                    self.frames.push(Frame::FracDen(at));
                    self.i += 1;
                }
                c if c.is_ascii_alphanumeric() => {
                    self.push(TokenKind::Op('/'), at.start, at.start, "/");
                    self.single(c)?;
                    self.push(TokenKind::RParen, at.end, at.end, ")");
                }
                _ => return Err(ExprError::new("`\\frac` needs two groups, like \\frac{1}{x}", s)),
            },
            Pending::Sqrt(s) => match c {
                '{' => {
                    self.push(TokenKind::Func(Func::Sqrt), s.start, s.end, "sqrt");
                    self.push(TokenKind::LParen, at.start, at.end, "(");
                    self.frames.push(Frame::Sqrt(at));
                    self.i += 1;
                }
                '[' => {
                    self.frames.push(Frame::RootIndex(at, self.tokens.len()));
                    self.i += 1;
                }
                _ => {
                    // `\sqrt x`: a function applied without braces, like `sin x`.
                    self.push(TokenKind::Func(Func::Sqrt), s.start, s.end, "sqrt");
                    return Ok(false);
                }
            },
            Pending::Root(s, index) => match c {
                '{' => {
                    self.push(TokenKind::LParen, s.start, s.end, "(");
                    self.push(TokenKind::LParen, at.start, at.end, "(");
                    self.frames.push(Frame::Root(at, index));
                    self.i += 1;
                }
                _ => return Err(ExprError::new("`\\sqrt[n]` needs its radicand, like \\sqrt[3]{x}", s)),
            },
            Pending::None => return Ok(false),
        }
        Ok(true)
    }

    /// A one-character `\frac` argument (`\frac12`), in parentheses.
    fn single(&mut self, c: char) -> Result<(), ExprError> {
        let (start, end) = (self.i, self.i + 1);
        self.push(TokenKind::LParen, start, start, "(");
        let kind = match c {
            '0'..='9' => TokenKind::Num(f64::from(c as u8 - b'0')),
            'e' => TokenKind::Const("e"),
            c => TokenKind::Var(c.to_string()),
        };
        let canonical = match &kind {
            TokenKind::Const(n) => n.to_string(),
            _ => c.to_string(),
        };
        self.push(kind, start, end, canonical);
        self.push(TokenKind::RParen, end, end, ")");
        self.i = end;
        Ok(())
    }

    fn close_brace(&mut self, at: Span) -> Result<(), ExprError> {
        let Some(frame) = self.frames.pop() else {
            return Err(ExprError::new("this `}` has no matching `{`", at));
        };
        match frame {
            Frame::Group(_) | Frame::Sqrt(_) => self.push(TokenKind::RParen, at.start, at.end, ")"),
            Frame::FracNum(_) => {
                self.push(TokenKind::RParen, at.start, at.end, ")");
                // Spans of the `\frac` itself are not kept; the numerator's brace stands in.
                self.pending = Pending::FracDen(at);
            }
            Frame::FracDen(_) => {
                self.push(TokenKind::RParen, at.start, at.end, ")");
                self.push(TokenKind::RParen, at.end, at.end, ")");
            }
            Frame::Root(_, index) => {
                self.push(TokenKind::RParen, at.start, at.end, ")");
                self.push(TokenKind::Op('^'), at.end, at.end, "^");
                self.push(TokenKind::LParen, at.end, at.end, "(");
                self.push(TokenKind::Num(1.0), at.end, at.end, "1");
                self.push(TokenKind::Op('/'), at.end, at.end, "/");
                self.push(TokenKind::LParen, at.end, at.end, "(");
                self.tokens.extend(index);
                self.push(TokenKind::RParen, at.end, at.end, ")");
                self.push(TokenKind::RParen, at.end, at.end, ")");
                self.push(TokenKind::RParen, at.end, at.end, ")");
            }
            Frame::RootIndex(s, _) => return Err(ExprError::new("this `[` is closed by `}`: write \\sqrt[n]{x}", s)),
        }
        self.i = at.end;
        Ok(())
    }

    fn one(&mut self, c: char, len: usize) -> Result<(), ExprError> {
        let i = self.i;
        let bytes = self.text.as_bytes();
        match c {
            '0'..='9' | '.' => {
                let end = scan_number(&bytes[..self.end], i);
                let literal = &self.text[i..end];
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
                self.push(TokenKind::Num(value), i, end, canonical);
                self.i = end;
            }
            'a'..='z' | 'A'..='Z' => self.word()?,
            'π' => {
                self.push(TokenKind::Const("pi"), i, i + len, "pi");
                self.i += len;
            }
            c if greek_char(c).is_some() => {
                let letter = greek_char(c).unwrap_or(c);
                self.i += len;
                self.variable(letter.to_string(), i)?;
                self.sigmoid_if_called();
            }
            '\\' => self.command()?,
            '*' if bytes.get(i + 1) == Some(&b'*') && i + 2 <= self.end => {
                self.push(TokenKind::Op('^'), i, i + 2, "^");
                self.i += 2;
            }
            '+' | '-' | '*' | '/' | '^' | '−' | '·' | '×' | '÷' | '⋅' => {
                let op = match c {
                    '−' => '-',
                    '·' | '×' | '⋅' => '*',
                    '÷' => '/',
                    other => other,
                };
                self.push(TokenKind::Op(op), i, i + len, op.to_string());
                self.i += len;
            }
            '²' | '³' => {
                let (exponent, digits) = if c == '²' { (2.0, "2") } else { (3.0, "3") };
                self.push(TokenKind::Op('^'), i, i, "^");
                self.push(TokenKind::Num(exponent), i, i + len, digits);
                self.i += len;
            }
            '(' => {
                self.push(TokenKind::LParen, i, i + 1, "(");
                self.i += 1;
            }
            ')' => {
                self.push(TokenKind::RParen, i, i + 1, ")");
                self.i += 1;
            }
            ',' => {
                self.push(TokenKind::Comma, i, i + 1, ",");
                self.i += 1;
            }
            '|' => {
                self.push(TokenKind::Bar, i, i + 1, "|");
                self.i += 1;
            }
            '=' => {
                self.push(TokenKind::Equals, i, i + 1, "=");
                self.i += 1;
            }
            // Braces group an exponent (`e^{x^2}`) or an argument (`\sin{x}`).
            '{' if matches!(self.tokens.last(), Some(Token { kind: TokenKind::Op('^') | TokenKind::Func(_), .. })) => {
                self.frames.push(Frame::Group(Span::new(i, i + 1)));
                self.push(TokenKind::LParen, i, i + 1, "(");
                self.i += 1;
            }
            '}' if !self.frames.is_empty() => self.close_brace(Span::new(i, i + 1))?,
            ']' if matches!(self.frames.last(), Some(Frame::RootIndex(..))) => {
                if let Some(Frame::RootIndex(s, start)) = self.frames.pop() {
                    let index = self.tokens.split_off(start.min(self.tokens.len()));
                    if index.is_empty() {
                        return Err(ExprError::new("`\\sqrt[]` needs an index, like \\sqrt[3]{x}", s));
                    }
                    self.pending = Pending::Root(s, index);
                }
                self.i += 1;
            }
            '_' => return Err(ExprError::new("unexpected character `_`: a subscript follows a variable's letter, like x_1", Span::new(i, i + 1))),
            _ => return Err(unexpected_character(c, Span::new(i, i + len))),
        }
        Ok(())
    }

    /// A run of ASCII letters: functions, Greek names, `pi`, and single-letter variables.
    fn word(&mut self) -> Result<(), ExprError> {
        let start = self.i;
        let end = scan_word(&self.text[..self.end], start);
        let word = &self.text[start..end];
        if word.bytes().any(|b| b.is_ascii_digit()) && Func::from_name(word).is_none() {
            // `atan22(`, `log3(`: a name with digits that is not one of ours.
            let hint = closest_function(word).map_or(String::new(), |s| format!(": did you mean `{s}`?"));
            let base = if word.starts_with("log") { " (for a base b, write ln(x)/ln(b))" } else { "" };
            return Err(ExprError::new(format!("unknown function `{word}`{hint}{base}"), Span::new(start, end)));
        }
        let parts = split_word(word, start);
        self.i = end;
        let n_parts = parts.len();
        let first_token = self.tokens.len();
        for (k, (kind, s, e)) in parts.into_iter().enumerate() {
            match kind {
                TokenKind::Var(name) if k + 1 == n_parts => self.variable(name, s)?,
                TokenKind::Func(f) => self.push(TokenKind::Func(f), s, e, f.name()),
                TokenKind::Const(c) => self.push(TokenKind::Const(c), s, e, c),
                TokenKind::Var(name) => self.push(TokenKind::Var(name.clone()), s, e, name),
                other => self.push(other, s, e, "")
            }
        }
        let word_end = self.i;
        let followed_by_paren = self.text[word_end..self.end].trim_start().starts_with('(');
        if !followed_by_paren {
            return Ok(());
        }
        let typed = &self.text[start..word_end];
        let span = Span::new(start, word_end);
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            if let Some(f) = Func::from_name(&word.to_ascii_lowercase()) {
                return Err(ExprError::new(
                    format!("`{word}` would read as a product of variables: functions are written in lower case, like `{}`", f.name()),
                    span,
                ));
            }
        }
        if self.tokens.len() == first_token + 1 {
            self.sigmoid_if_called();
            return Ok(());
        }
        let made = &self.tokens[first_token..];
        let last_is_func = matches!(made.last(), Some(Token { kind: TokenKind::Func(_), .. }));
        let inner_func = made[..made.len().saturating_sub(1)].iter().find_map(|t| match t.kind {
            TokenKind::Func(f) => Some(f),
            _ => None,
        });
        let product = || made.iter().map(|t| t.text.clone()).collect::<Vec<_>>().join("*");
        // A left side names the function: `loss(w, b) =` is checked as a name, later.
        if self.equals.is_some_and(|eq| start < eq) {
            return Ok(());
        }
        if let Some(f) = inner_func {
            let suggestion = closest_function(word).unwrap_or(f.name());
            return Err(ExprError::new(format!("unknown function `{typed}`: did you mean `{suggestion}`?"), span));
        }
        if last_is_func {
            return Ok(());
        }
        let letters = made.iter().filter_map(|t| match &t.kind {
            TokenKind::Var(n) => Some(n.clone()),
            _ => None,
        });
        let letters: Vec<String> = letters.collect();
        let suggestion = closest_function(word).map(|s| s.to_string());
        self.suspects.push(Suspect { span, letters, product: product(), suggestion });
        Ok(())
    }

    /// `σ(x)`, `sigma(x)`, `\sigma(x)`: the logistic sigmoid of machine learning when a `(`
    /// follows; a bare σ (or σ₁, σ_x) stays a variable.
    fn sigmoid_if_called(&mut self) {
        let called = self.text[self.i..self.end].trim_start().starts_with('(');
        if let Some(t) = self.tokens.last_mut().filter(|t| called && t.kind == TokenKind::Var("σ".into())) {
            t.kind = TokenKind::Func(Func::Sigmoid);
            t.text = Func::Sigmoid.name().into();
        }
    }

    /// Pushes the variable `base` (typed from `start`) with its subscript, if one follows.
    fn variable(&mut self, base: String, start: usize) -> Result<(), ExprError> {
        let (name, end) = match subscript(self.text, self.i, self.end)? {
            Some((sub, end)) => {
                let simple = sub.chars().all(|c| c.is_ascii_digit()) || sub.chars().count() == 1;
                (if simple { format!("{base}_{sub}") } else { format!("{base}_{{{sub}}}") }, end)
            }
            None => (base, self.i),
        };
        self.i = end;
        let text = name.clone();
        self.push(TokenKind::Var(name), start, end, text);
        Ok(())
    }

    /// A LaTeX command: `\frac`, `\sqrt`, `\sin`, `\theta`, `\cdot`, `\left(`, …
    fn command(&mut self) -> Result<(), ExprError> {
        let start = self.i;
        let after = start + 1;
        let name_len = self.text[after..self.end].bytes().take_while(u8::is_ascii_alphabetic).count();
        if name_len == 0 {
            return match self.text[after..self.end].chars().next() {
                Some(',' | ';' | ':' | '!') => {
                    self.space_before = true;
                    self.i = after + 1;
                    Ok(())
                }
                _ => Err(ExprError::new("unexpected character `\\`", Span::new(start, after))),
            };
        }
        let end = after + name_len;
        let name = &self.text[after..end];
        let span = Span::new(start, end);
        self.i = end;
        match name {
            "frac" | "dfrac" | "tfrac" => self.pending = Pending::FracNum(span),
            "sqrt" => self.pending = Pending::Sqrt(span),
            "cdot" | "times" | "ast" => self.push(TokenKind::Op('*'), start, end, "*"),
            "div" => self.push(TokenKind::Op('/'), start, end, "/"),
            "quad" | "qquad" => self.space_before = true,
            "pi" => self.push(TokenKind::Const("pi"), start, end, "pi"),
            "left" | "right" | "bigl" | "bigr" | "Bigl" | "Bigr" | "big" | "Big" => self.delimiter(name == "left", span)?,
            "lvert" | "rvert" | "vert" => self.push(TokenKind::Bar, start, end, "|"),
            "operatorname" | "mathrm" | "text" | "mathit" => self.named(span)?,
            "sum" | "prod" | "int" | "lim" | "partial" | "nabla" | "infty" | "hat" | "bar" | "mathbf" => {
                return Err(ExprError::new(format!("`\\{name}` is not supported here: type the function itself, like x^2 + y^2"), span));
            }
            _ => {
                if let Some(letter) = greek_command(name) {
                    self.variable(letter.to_string(), start)?;
                    self.sigmoid_if_called();
                } else if let Some(f) = Func::from_name(name) {
                    self.push(TokenKind::Func(f), start, end, f.name());
                } else {
                    return Err(ExprError::new(format!("unknown LaTeX command `\\{name}`"), span));
                }
            }
        }
        Ok(())
    }

    /// The delimiter after `\left` or `\right`: `(`, `)`, `[`, `]`, `|`, `\{`, `\}` or `.`.
    fn delimiter(&mut self, left: bool, span: Span) -> Result<(), ExprError> {
        let skipped = self.text[self.i..self.end].len() - self.text[self.i..self.end].trim_start().len();
        self.i += skipped;
        let rest = &self.text[self.i..self.end];
        let i = self.i;
        let (kind, len) = if rest.starts_with("\\{") || rest.starts_with("\\}") {
            (if rest.starts_with("\\{") { Some(TokenKind::LParen) } else { Some(TokenKind::RParen) }, 2)
        } else if rest.starts_with("\\|") {
            (Some(TokenKind::Bar), 2)
        } else {
            match rest.chars().next() {
                Some('(' | '[') => (Some(TokenKind::LParen), 1),
                Some(')' | ']') => (Some(TokenKind::RParen), 1),
                Some('|') => (Some(TokenKind::Bar), 1),
                Some('.') => (None, 1),
                _ => {
                    let which = if left { "\\left" } else { "\\right" };
                    return Err(ExprError::new(format!("`{which}` needs a delimiter, like {which}( or {which}|"), span));
                }
            }
        };
        if let Some(kind) = kind {
            let text = match kind {
                TokenKind::LParen => "(",
                TokenKind::RParen => ")",
                _ => "|",
            };
            self.push(kind, i, i + len, text);
        }
        self.i = i + len;
        Ok(())
    }

    /// `\operatorname{relu}`, `\mathrm{e}`: a name in braces.
    fn named(&mut self, span: Span) -> Result<(), ExprError> {
        let rest = &self.text[self.i..self.end];
        let trimmed = rest.trim_start();
        let open = self.i + rest.len() - trimmed.len();
        let Some(close) = trimmed.find('}').filter(|_| trimmed.starts_with('{')) else {
            return Err(ExprError::new("this command needs a name in braces, like \\operatorname{relu}", span));
        };
        let name = trimmed[1..close].trim();
        let whole = Span::new(span.start, open + close + 1);
        if name == "e" {
            self.push(TokenKind::Const("e"), whole.start, whole.end, "e");
        } else if let Some(f) = Func::from_name(name) {
            self.push(TokenKind::Func(f), whole.start, whole.end, f.name());
        } else {
            let hint = closest_function(name).map_or(String::new(), |s| format!(": did you mean `{s}`?"));
            return Err(ExprError::new(format!("unknown function `{name}`{hint}"), whole));
        }
        self.i = whole.end;
        Ok(())
    }
}

/// The subscript at `at`, if any: `_1`, `_12`, `_i`, `_θ`, `_{12}`, `_{ij}`, `₁₂`, or digits
/// typed straight after the letter (`x1` is x₁, as in Desmos). Returns it and where it ends.
fn subscript(text: &str, at: usize, end: usize) -> Result<Option<(String, usize)>, ExprError> {
    let rest = &text[at..end];
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(after) = rest.strip_prefix('_') {
        let bad = |span: Span| ExprError::new("a subscript is a number or a name, like x_1, x_i or x_{12}", span);
        let n = digits(after);
        if n > 0 {
            return Ok(Some((after[..n].to_string(), at + 1 + n)));
        }
        let Some(c) = after.chars().next() else { return Err(bad(Span::new(at, at + 1))) };
        if c.is_ascii_alphabetic() {
            return Ok(Some((c.to_string(), at + 2)));
        }
        if let Some(g) = greek_char(c) {
            return Ok(Some((g.to_string(), at + 1 + c.len_utf8())));
        }
        if c == '{' {
            let Some(close) = after.find('}') else { return Err(ExprError::new("this `{` is never closed", Span::new(at + 1, at + 2))) };
            let inner = after[1..close].trim();
            let group = Span::new(at + 1, at + 2 + close);
            let ok = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || greek_char(c).is_some());
            if !ok {
                return Err(bad(group));
            }
            let canonical: String = inner.chars().map(|c| greek_char(c).unwrap_or(c)).collect();
            return Ok(Some((canonical, group.end)));
        }
        return Err(bad(Span::new(at, at + 1)));
    }
    let n = digits(rest);
    // Digits typed straight after a variable's letter, but not a decimal (`x2.5` stays x·2.5).
    if n > 0 && !rest[n..].starts_with('.') {
        return Ok(Some((rest[..n].to_string(), at + n)));
    }
    let sub: String = rest.chars().take_while(|c| ('₀'..='₉').contains(c)).collect();
    if !sub.is_empty() {
        let digits: String = sub.chars().map(|c| char::from(b'0' + (c as u32 - '₀' as u32) as u8)).collect();
        return Ok(Some((digits, at + sub.len())));
    }
    Ok(None)
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
        '[' | ']' | '{' | '}' => format!("use round parentheses instead of `{c}`"),
        c if c.is_control() => format!("unexpected control character U+{:04X}", c as u32),
        c => format!("unexpected character `{c}`"),
    };
    ExprError::new(message, span)
}

/// End of a run of ASCII letters; digits join it only to spell `log10`, `log2` or `atan2`, and
/// an underscore only to spell `leaky_relu`.
fn scan_word(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
        end += 1;
    }
    if text[start..end].ends_with("leaky") && text[end..].starts_with("_relu") {
        return end + "_relu".len();
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
/// `yz` = y·z, `xsin(` is x·sin(, `pix` is π·x, `theta` is θ, `sinx` is sin then x. At each
/// place the longest function name, Greek name or `pi` wins, else one letter is a variable.
fn split_word(word: &str, start: usize) -> Vec<(TokenKind, usize, usize)> {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < word.len() {
        let rest = &word[i..];
        let func = Func::names().filter(|name| name.len() > 1 && rest.starts_with(name)).max_by_key(|name| name.len());
        let greek = GREEK.iter().filter(|(name, _, typed)| *typed && rest.starts_with(name)).max_by_key(|(name, _, _)| name.len());
        let pi = rest.starts_with("pi").then_some(2);
        let best = [func.map(str::len), greek.map(|g| g.0.len()), pi].into_iter().flatten().max();
        match best {
            Some(n) if func.is_some_and(|f| f.len() == n) => {
                let name = &rest[..n];
                // Every name in `Func::names()` denotes a function.
                let f = Func::from_name(name).unwrap_or(Func::Sqrt);
                parts.push((TokenKind::Func(f), start + i, start + i + n));
                i += n;
            }
            Some(n) if greek.is_some_and(|g| g.0.len() == n) => {
                let letter = greek.map_or('?', |g| g.1);
                parts.push((TokenKind::Var(letter.to_string()), start + i, start + i + n));
                i += n;
            }
            Some(2) if pi.is_some() => {
                parts.push((TokenKind::Const("pi"), start + i, start + i + 2));
                i += 2;
            }
            _ => {
                let c = rest.chars().next().unwrap_or('?');
                let kind = if c == 'e' { TokenKind::Const("e") } else { TokenKind::Var(c.to_string()) };
                parts.push((kind, start + i, start + i + 1));
                i += c.len_utf8();
            }
        }
    }
    parts
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
    vars.sort_by_key(|v| (rank(v), family_at(v), v.contains('_'), sub_key(v)));
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


#[cfg(test)]
mod tests;
