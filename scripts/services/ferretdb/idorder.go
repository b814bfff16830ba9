// Added to FerretDB v1.24.2 by this project's build (scripts/services/binaries.ts) as internal/backends/sqlite/idorder;
// see docs/ferretdb.md, "Lists in `_id` order".

// Package idorder decides when a find may be returned in `_id` order by the SQLite backend.
//
// A filter that compares `_id` with a string ($gt, $gte, $lt or $lte) matches only documents whose `_id` is a string
// (MongoDB compares within a type), and strings sort the same in SQLite (BINARY, byte by byte) as in MongoDB. So for
// such a find sorted by `_id`, an index on the `_id` as an SQL value gives MongoDB's order.
package idorder

import (
	"github.com/FerretDB/FerretDB/internal/types"
)

// Bound is one string comparison of `_id`: an SQL operator and its operand.
type Bound struct {
	Operator string
	Value    string
}

// SortOrder returns 1 or -1 when sort is `{_id: 1}` or `{_id: -1}`, and 0 otherwise.
func SortOrder(sort *types.Document) int64 {
	if sort.Len() != 1 {
		return 0
	}

	v, err := sort.Get("_id")
	if err != nil {
		return 0
	}

	order, _ := v.(int64)
	if order != 1 && order != -1 {
		return 0
	}

	return order
}

// StringBounds returns the filter's string comparisons of `_id`; none when the filter names `_id` other than once.
func StringBounds(filter *types.Document) []Bound {
	if KeyCount(filter, "_id") != 1 {
		return nil
	}

	v, _ := filter.Get("_id")

	condition, ok := v.(*types.Document)
	if !ok || condition.Len() != len(condition.Keys()) {
		return nil
	}

	operators := map[string]string{"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}

	var bounds []Bound

	for _, op := range condition.Keys() {
		sql, known := operators[op]
		if !known || KeyCount(condition, op) != 1 {
			continue
		}

		operand, _ := condition.Get(op)
		if s, isString := operand.(string); isString {
			bounds = append(bounds, Bound{Operator: sql, Value: s})
		}
	}

	return bounds
}

// Pushable reports whether a find with this filter and sort may be returned in `_id` order by the backend.
func Pushable(filter, sort *types.Document) bool {
	return SortOrder(sort) != 0 && len(StringBounds(filter)) > 0
}

// KeyCount returns how many times key appears in doc (a filter may name a key twice, and Get panics on such a key).
func KeyCount(doc *types.Document, key string) int {
	n := 0

	for _, k := range doc.Keys() {
		if k == key {
			n++
		}
	}

	return n
}
