package questionnaires

import (
	"regexp"
	"strconv"
)

// semverPattern accepts MAJOR.MINOR.PATCH only: a questionnaire has no use for
// pre-release or build suffixes, and leaving them out keeps ordering obvious.
var semverPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

type semver [3]uint64

func parseSemver(s string) (semver, bool) {
	sub := semverPattern.FindStringSubmatch(s)
	if sub == nil {
		return semver{}, false
	}
	var v semver
	for i := range v {
		n, err := strconv.ParseUint(sub[i+1], 10, 64)
		if err != nil {
			return semver{}, false // too large to compare
		}
		v[i] = n
	}
	return v, true
}

// compareSemver orders two versions that parseSemver accepted.
func compareSemver(a, b semver) int {
	for i := range a {
		switch {
		case a[i] < b[i]:
			return -1
		case a[i] > b[i]:
			return 1
		}
	}
	return 0
}
