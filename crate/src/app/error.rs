//! The core's one error type: what went wrong, written for the person typing.

use std::fmt;

use crate::expr::ExprError;

/// Why an action was refused. `Display` is the sentence the page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The expression could not be read; its span says where.
    Expression(ExprError),
    /// A value was refused: which, and why.
    Refused(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Expression(e) => f.write_str(&e.message),
            Error::Refused(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {}

impl From<ExprError> for Error {
    fn from(e: ExprError) -> Self {
        Error::Expression(e)
    }
}
