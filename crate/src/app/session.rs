//! The function being explored: the text as typed, its error, and the last good model.

use crate::eval::model::Model;
use crate::expr::ExprError;

/// The text, its error if any, and the model of the last text that read (which stays on
/// screen while the text is wrong).
#[derive(Debug, Clone, Default)]
pub struct Session {
    text: String,
    error: Option<ExprError>,
    model: Option<Model>,
    /// Bumped whenever the model changes, so caches know.
    version: u64,
}

impl Session {
    /// Reads `text`; on success it becomes the model, on error the old model stays.
    pub fn load(&mut self, text: &str) -> Result<(), ExprError> {
        self.text = text.to_string();
        match Model::new(text) {
            Ok(model) => {
                self.model = Some(model);
                self.error = None;
                self.version += 1;
                Ok(())
            }
            Err(e) => {
                self.error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// The text as typed (even when it did not read).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The current text's error.
    pub fn error(&self) -> Option<&ExprError> {
        self.error.as_ref()
    }

    /// The function shown.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// Changes whenever the model does.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The number of variables of the function shown (0 before any).
    pub fn n_vars(&self) -> usize {
        self.model.as_ref().map_or(0, Model::n_vars)
    }
}
