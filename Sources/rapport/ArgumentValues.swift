public import ArgumentParser
public import Rapport
public import RapportIO

// The library's enums and labels read from the command line as they are written in packs and
// output (`--input-format csv`, `--label complaint`, `--balance weighted`).
extension InputFormat: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension Label: ExpressibleByArgument {}
extension LexiconTrainingOptions.Balance: ExpressibleByArgument {}
