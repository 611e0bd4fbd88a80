macros::probe!();
