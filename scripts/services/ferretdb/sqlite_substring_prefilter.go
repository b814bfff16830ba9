// Added to FerretDB v1.24.2's SQLite backend by this project's build (scripts/services/binaries.ts); see
// docs/ferretdb.md, "Searches for a piece of text".
//
// A search for a piece of text ({field: {$regex: "escaped text", $options: "i"}}, alone or in an $or) decoded every
// document of the collection in Go to run the regular expression. This narrows the rows in SQLite first, with a test
// that keeps every row the expression could match, so the handler (which still applies the whole filter) decodes
// only the candidates.

package sqlite

import (
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/idorder"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/types"
)

// prepareNarrowingWhere returns a WHERE clause for a filter without an `_id` to look up, keeping every row the filter
// could match: by the index that leads with the filter's equality fields (equalityArms), and by its text searches.
// It is "" when the filter has neither.
func prepareNarrowingWhere(meta *metadata.Collection, filter *types.Document) (string, []any) {
	conditions, args := substringConditions(filter)

	if fields, _ := equalityFields(meta, filter, false); len(fields) > 0 {
		arms, armArgs := equalityArms(filter, fields)
		conditions = append([]string{"((" + strings.Join(arms, ") OR (") + "))"}, conditions...)

		var equalityArgs []any
		for _, a := range armArgs {
			equalityArgs = append(equalityArgs, a...)
		}

		args = append(equalityArgs, args...)
	}

	if len(conditions) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(conditions, " AND "), args
}

// substringConditions returns the conditions, with their arguments, keeping every row that the filter's text
// searches could match; none when the filter has none this understands.
func substringConditions(filter *types.Document) ([]string, []any) {
	var conditions []string
	var args []any

	for _, key := range filter.Keys() {
		if idorder.KeyCount(filter, key) != 1 {
			return nil, nil
		}

		value, _ := filter.Get(key)

		if key == "$or" {
			branches, ok := value.(*types.Array)
			if !ok || branches.Len() == 0 {
				continue
			}

			var alternatives []string
			var alternativeArgs []any

			for i := 0; i < branches.Len(); i++ {
				branch, _ := branches.Get(i)

				doc, isDoc := branch.(*types.Document)
				if !isDoc || doc.Len() != 1 {
					alternatives = nil
					break
				}

				field := doc.Keys()[0]
				condition, conditionArgs := substringCondition(field, valueOf(doc.Get(field)))

				if condition == "" {
					alternatives = nil
					break
				}

				alternatives = append(alternatives, condition)
				alternativeArgs = append(alternativeArgs, conditionArgs...)
			}

			if alternatives != nil {
				conditions = append(conditions, "("+strings.Join(alternatives, " OR ")+")")
				args = append(args, alternativeArgs...)
			}

			continue
		}

		if condition, conditionArgs := substringCondition(key, value); condition != "" {
			conditions = append(conditions, condition)
			args = append(args, conditionArgs...)
		}
	}

	return conditions, args
}

// substringCondition returns the test for one {field: {$regex, $options}} whose pattern is a plain piece of text,
// or "" for anything else.
//
// A row is kept when the field is not stored as a string (an array may hold a matching element), or when its text
// contains the searched text (LIKE ignores the case of ASCII letters, which covers a case-sensitive search too). Go's
// case-insensitive matching also folds two characters outside ASCII to ASCII letters (unicode.SimpleFold: the Kelvin
// sign to k and the long s to s), so a case-insensitive search for a text with a k or an s also keeps every row whose
// text has one of them.
func substringCondition(field string, value any) (string, []any) {
	if strings.HasPrefix(field, "$") || strings.ContainsAny(field, `."\`) || field == "" {
		return "", nil
	}

	expression, isDoc := value.(*types.Document)
	if !isDoc || expression.Len() == 0 || expression.Len() > 2 {
		return "", nil
	}

	pattern, options := "", ""

	for _, op := range expression.Keys() {
		if idorder.KeyCount(expression, op) != 1 {
			return "", nil
		}

		switch operand := valueOf(expression.Get(op)).(type) {
		case string:
			switch op {
			case "$regex":
				pattern = operand
			case "$options":
				options = operand
			default:
				return "", nil
			}
		default:
			return "", nil
		}
	}

	if !expression.Has("$regex") || (options != "" && options != "i") {
		return "", nil
	}

	text, ok := literalText(pattern)
	if !ok {
		return "", nil
	}

	path := `$."` + field + `"`
	condition := `json_type(_ferretdb_sjson, ?) IS NOT 'text' OR _ferretdb_sjson->>? LIKE ? ESCAPE '\'`
	args := []any{path, path, "%" + likeEscaper.Replace(text) + "%"}

	if options == "i" && strings.ContainsAny(text, "KkSs") {
		condition += ` OR instr(_ferretdb_sjson->>?, char(0x212A)) > 0 OR instr(_ferretdb_sjson->>?, char(0x017F)) > 0`
		args = append(args, path, path)
	}

	return "(" + condition + ")", args
}

// literalText returns the text a regular expression matches when it is printable ASCII with every metacharacter
// escaped, as a search box's input escaped for $regex is.
func literalText(pattern string) (string, bool) {
	var text strings.Builder

	for i := 0; i < len(pattern); i++ {
		c := pattern[i]

		switch {
		case c < ' ' || c > '~':
			return "", false
		case c == '\\':
			if i+1 == len(pattern) || !strings.ContainsRune(`.*+?^${}()|[]\/-`, rune(pattern[i+1])) {
				return "", false
			}

			i++
			text.WriteByte(pattern[i])
		case strings.ContainsRune(`.*+?^${}()|[]`, rune(c)):
			return "", false
		default:
			text.WriteByte(c)
		}
	}

	return text.String(), true
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// valueOf returns a value whose lookup cannot fail (its key was just listed).
func valueOf(v any, _ error) any {
	return v
}
