//! What a document's language decides: how its text is written and broken ([`Writing`]),
//! the words the program prints itself ([`Labels`]) and how dates read ([`date`]).
//!
//! Read by `text` (the writing rules) and `layout` (labels, dates, typography); built
//! from the model's language tag and `[labels]` table, once per document.

pub mod date;
