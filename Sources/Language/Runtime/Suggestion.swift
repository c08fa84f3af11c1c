import Data

/// "Did you mean" hints: the same nearest-name rule the data loaders use, so a
/// misspelt column reads the same from `load_csv` as from `select`.
typealias Suggestion = NearestName
