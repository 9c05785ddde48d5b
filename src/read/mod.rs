//! The format readers the importers share: streaming JSON items, the one XML reader,
//! HTML to text, CSV tables, text repair, and what Google Takeout and blog exports
//! have in common. They know formats, not networks: nothing here depends on
//! [`crate::import`].

pub mod blog;
pub mod html;
pub mod json;
pub mod table;
pub mod takeout;
pub mod text;
pub mod xml;
