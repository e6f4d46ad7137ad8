package chart

import (
	"math"
	"strconv"
)

// Change formats a change of score as a reader sees it: "+12", "−5" (a
// minus sign), "±0", or "" when there is none to give.
func Change(d *float64) string {
	if d == nil {
		return ""
	}
	n := int(math.Round(*d))
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "−" + strconv.Itoa(-n)
	}
	return "±0"
}

// Direction is "up", "down" or "same" for a change, "" for none.
func Direction(d *float64) string {
	if d == nil {
		return ""
	}
	switch n := math.Round(*d); {
	case n > 0:
		return "up"
	case n < 0:
		return "down"
	}
	return "same"
}
