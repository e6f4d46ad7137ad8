package api

// The JSON shapes of API v1 that no export has (the contract names their
// keys). The shapes of a result, an assessment, an organisation and an
// answer are shared with the JSON export and live in web/api/shape.

// nilIfEmpty makes an absent text encode as null.
func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonNil makes an absent list encode as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
