//! Errors in what the learner typed: a message written for them and where it is.

use std::fmt;

/// A byte range `start..end` in the text exactly as typed (not as normalized).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First byte of the offending part.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest range covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What is wrong with an expression, as a value (never a panic).
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    /// A sentence for the learner, e.g. "unknown function `sn`: did you mean `sin`?".
    pub message: String,
    /// Where in the typed text the problem is.
    pub span: Span,
}

impl ExprError {
    /// An error with `message` at `span`.
    pub fn new(message: impl Into<String>, span: Span) -> ExprError {
        ExprError { message: message.into(), span }
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {}..{})", self.message, self.span.start, self.span.end)
    }
}

impl std::error::Error for ExprError {}
