//! The `hamish` binary: parse arguments, run, print any error once and exit with its code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = hamish::cli::Cli::parse();
    match hamish::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", hamish::cli::error_message(&err));
            ExitCode::from(2)
        }
    }
}
