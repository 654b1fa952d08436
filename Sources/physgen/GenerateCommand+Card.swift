/// The command line a dataset card records: `physgen generate` with the options given that shape the data, in a fixed
/// order. Options that change only how it runs (`--jobs`, `--shard`, `--out`, `--quiet`, `--json`) are left out, so
/// every job of an array, a resumed run and a run with another `--jobs` record the same command (and write the same
/// card).
extension GenerateCommand {
    var cardCommand: String {
        var parts = ["physgen", "generate"]
        func add(_ option: String, _ value: (some CustomStringConvertible)?) {
            if let value { parts += [option, Self.shellQuoted(value.description)] }
        }
        add("--preset", preset)
        add("--spec", spec)
        add("--trajectories", trajectories)
        add("--samples", samples)
        add("--steps", steps)
        add("--dt", dt)
        add("--resolution", resolution)
        add("--seed", seed)
        add("--shards", shards)
        for split in onlySplits { add("--split", split) }
        if noNoise { parts.append("--no-noise") }
        return parts.joined(separator: " ")
    }

    /// `text` as one shell word: unchanged when it needs no quoting, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil))
                    || "-_./=:+,".unicodeScalars.contains($0)
            }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
