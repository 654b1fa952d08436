import CHDF5
import Foundation

// The low-level layer: one small function per libhdf5 call the module uses, grouped by libhdf5 interface
// (H5F files, H5G groups, H5L links, H5O objects, H5D datasets, H5S dataspaces, H5T types, H5A attributes,
// H5P property lists), in the files named `LowLevel+<Interface>.swift`. Each function converts libhdf5's negative
// return codes into `HDF5Error.library` carrying libhdf5's error stack. All of them must run inside
// `LibraryLock.run`, so that the error stack read after a failure belongs to that failure.

/// Checks the result of a libhdf5 function returning an identifier (`hid_t`): negative means failure.
@inline(__always)
func checkedID(_ operation: StaticString, _ id: hid_t) throws(HDF5Error) -> hid_t {
    guard id >= 0 else { throw libraryError(operation) }
    return id
}

/// Checks the result of a libhdf5 function returning a status (`herr_t`): negative means failure.
@inline(__always)
func checkedStatus(_ operation: StaticString, _ status: herr_t) throws(HDF5Error) {
    guard status >= 0 else { throw libraryError(operation) }
}

/// Checks the result of a libhdf5 function returning a tri-state truth value (`htri_t`): negative is failure,
/// zero false, positive true.
@inline(__always)
func checkedTruth(_ operation: StaticString, _ truth: htri_t) throws(HDF5Error) -> Bool {
    guard truth >= 0 else { throw libraryError(operation) }
    return truth > 0
}

/// Checks the result of a libhdf5 function returning a size or count (`ssize_t`, `int`): negative is failure.
@inline(__always)
func checkedCount<Count: BinaryInteger>(_ operation: StaticString, _ count: Count) throws(HDF5Error) -> Int {
    guard count >= 0 else { throw libraryError(operation) }
    return Int(count)
}

/// Builds `HDF5Error.library` for a failed `operation` from libhdf5's current error stack, then clears the stack.
func libraryError(_ operation: StaticString) -> HDF5Error {
    .library(operation: "\(operation)", stack: ErrorStack.take())
}

/// libhdf5's error stack, read in Swift.
enum ErrorStack {
    /// Reads every entry of the default error stack, outermost API call first, as "function: description
    /// (minor message)", then clears the stack. Call only inside `LibraryLock.run`.
    static func take() -> [String] {
        final class Lines { var entries: [String] = [] }
        let lines = Lines()
        let visit: H5E_walk2_t = { _, entry, context in
            guard let entry, let context else { return 0 }
            let lines = Unmanaged<Lines>.fromOpaque(context).takeUnretainedValue()
            let function = entry.pointee.func_name.map { String(cString: $0) } ?? "?"
            let detail = entry.pointee.desc.map { String(cString: $0) } ?? ""
            let minor = ErrorStack.message(entry.pointee.min_num)
            let line = minor.isEmpty ? "\(function): \(detail)" : "\(function): \(detail) (\(minor))"
            lines.entries.append(line.split(whereSeparator: \.isNewline).joined(separator: " "))
            return 0
        }
        withExtendedLifetime(lines) {
            _ = H5Ewalk2(
                chdf5_error_stack_default(), H5E_WALK_DOWNWARD, visit,
                Unmanaged.passUnretained(lines).toOpaque())
        }
        _ = H5Eclear2(chdf5_error_stack_default())
        return lines.entries
    }

    /// The text of a major or minor error message id, e.g. "file has been truncated".
    static func message(_ id: hid_t) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { H5Eget_msg(id, nil, $0.baseAddress, $0.count) }
        guard length > 0 else { return "" }
        return String(
            decoding: buffer.prefix(min(Int(length), buffer.count - 1)).map { UInt8(bitPattern: $0) },
            as: UTF8.self)
    }

    /// The innermost (most specific) description on the stack, e.g. "truncated file: eof = 2048, ...", or the
    /// operating system's words when the innermost failure was a system call (see ``systemReason(_:)``).
    static func innermostReason(_ stack: [String]) -> String {
        systemReason(stack) ?? stack.last ?? "no detail from libhdf5"
    }

    /// The operating system's words for the failure of a system call on the stack (e.g. "No space left on
    /// device", "File too large"), or nil when no call on the stack failed with an `errno`.
    ///
    /// libhdf5's file drivers describe a failed system call as `..., errno = 28, error message = 'No space left
    /// on device', ...`; the innermost such line is the cause.
    static func systemReason(_ stack: [String]) -> String? {
        for line in stack.reversed() {
            guard let number = line.range(of: "errno = ") else { continue }
            let code = Int32(line[number.upperBound...].prefix { $0.isNumber }) ?? 0
            guard code > 0 else { continue }
            if let message = line.range(of: "error message = '"),
                let end = line[message.upperBound...].firstIndex(of: "'")
            {
                let text = String(line[message.upperBound..<end])
                if !text.isEmpty { return text }
            }
            return String(cString: strerror(code))
        }
        return nil
    }
}
