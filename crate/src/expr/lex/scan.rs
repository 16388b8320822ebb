//! The tokenizer: characters of the typed text (or of pasted LaTeX) to tokens with their byte
//! spans — numbers, words split into functions, Greek letters, `pi` and single-letter
//! variables, subscripts, operators, and LaTeX commands and braces, translated where they stand.

use super::{closest_function, ExprError, Func, Span, Token, TokenKind};

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
pub(super) struct Suspect {
    pub(super) span: Span,
    pub(super) letters: Vec<String>,
    /// The letters as a product, `a*b`, for the message.
    pub(super) product: String,
    /// A function the word may be a typo of.
    pub(super) suggestion: Option<String>,
}

pub(super) struct Lexer<'a> {
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
    pub(super) fn new(text: &'a str, start: usize, end: usize) -> Lexer<'a> {
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

    pub(super) fn run(mut self) -> Result<(Vec<Token>, Vec<Suspect>), ExprError> {
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
pub(super) fn shorten(text: &str) -> String {
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
