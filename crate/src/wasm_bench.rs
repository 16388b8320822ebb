//! Placeholder: benchmark entry points for the browser benchmark page (being written).
