//! Outputs never destroy inputs: the check a command (`jixiao print`, `rollover`) and the
//! editor's print make before writing anything.

use std::path::Path;

use super::StorageError;

/// What is being written, which decides the names it may not take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// A PDF (or any file that is not a declaration): never to a `.ron` path.
    Pdf,
    /// A declaration `.ron` file.
    Declaration,
}

/// Refuses an output that is one of the `inputs` (the same file by path, by a symbolic link or
/// by a hard link: file identity is compared, on Windows too), and, for a [`OutputKind::Pdf`],
/// any output whose name ends in `.ron` (in any letter case), whether or not it exists. An
/// output that does not exist yet can only clash by name.
///
/// # Errors
/// [`StorageError::OutputIsInput`] naming the input; [`StorageError::OutputIsDeclaration`].
pub fn check_output<P: AsRef<Path>>(
    output: &Path,
    inputs: &[P],
    kind: OutputKind,
) -> Result<(), StorageError> {
    let is_ron = output
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("ron"));
    if kind == OutputKind::Pdf && is_ron {
        return Err(StorageError::OutputIsDeclaration {
            output: output.to_owned(),
        });
    }
    for input in inputs {
        let input = input.as_ref();
        let same = input == output || same_file::is_same_file(input, output).unwrap_or(false);
        if same {
            return Err(StorageError::OutputIsInput {
                output: output.to_owned(),
                input: input.to_owned(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_that_are_inputs_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let input = folder.path().join("2026-党建服务工作经费.ron");
        std::fs::write(&input, "x").unwrap();
        let pdf = folder.path().join("打印.pdf");
        assert!(check_output(&pdf, &[&input], OutputKind::Pdf).is_ok());
        assert!(check_output(&pdf, &[&input], OutputKind::Declaration).is_ok());

        let error = check_output(&input, &[&input], OutputKind::Declaration).unwrap_err();
        assert!(
            matches!(error, StorageError::OutputIsInput { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("就是输入文件"), "{error}");

        // Another spelling, a hard link.
        let dotted = folder.path().join(".").join("2026-党建服务工作经费.ron");
        assert!(check_output(&dotted, &[&input], OutputKind::Declaration).is_err());
        let linked = folder.path().join("linked.dat");
        std::fs::hard_link(&input, &linked).unwrap();
        assert!(check_output(&linked, &[&input], OutputKind::Pdf).is_err());
    }

    #[test]
    fn a_pdf_never_goes_into_a_ron_file() {
        let folder = tempfile::tempdir().unwrap();
        let none: [&Path; 0] = [];
        for name in ["new.ron", "NEW.RON", "x.Ron"] {
            let error =
                check_output(&folder.path().join(name), &none, OutputKind::Pdf).unwrap_err();
            assert!(
                matches!(error, StorageError::OutputIsDeclaration { .. }),
                "{name}"
            );
            assert!(error.to_string().contains(".ron"), "{error}");
        }
        assert!(
            check_output(
                &folder.path().join("new.ron"),
                &none,
                OutputKind::Declaration
            )
            .is_ok()
        );
    }
}
