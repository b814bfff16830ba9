// Added to FerretDB v1.24.2's SQLite backend by this project's build (scripts/services/binaries.ts); see
// docs/ferretdb.md, "Lists in `_id` order".
//
// For a find that idorder.Pushable accepts (sorted by `_id`, and a filter comparing `_id` with a string, such as a
// cursor `{_id: {$lt: "…"}}`), the handler leaves the sort to this backend, which returns the rows in `_id` order from
// an index and lets the handler stop reading once it has filtered enough, instead of decoding and sorting the whole
// collection.

package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/idorder"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/fsql"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// orderColumn is the `_id` as an SQL value: the expression the build's secondary indexes hold for `_id`.
const orderColumn = metadata.DefaultColumn + `->>'$._id'`

// orderedByID reports whether the handler left a sort by `_id` to this backend (it does so only for a find that
// idorder.Pushable accepts).
func orderedByID(sort *types.Document) bool {
	return idorder.SortOrder(sort) != 0
}

// queryOrdered runs Query for a find ordered by `_id`.
func queryOrdered(ctx context.Context, db *fsql.DB, meta *metadata.Collection, params *backends.QueryParams) (*backends.QueryResult, error) {
	q, args := prepareOrderedQuery(meta, params.Filter, params.Sort, params.Comment, params.OnlyRecordIDs)

	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	return &backends.QueryResult{Iter: newQueryIterator(ctx, rows, params.OnlyRecordIDs)}, nil
}

// explainOrdered runs Explain for a find ordered by `_id`: SQLite's plan of the statement Query would run.
func explainOrdered(ctx context.Context, db *fsql.DB, meta *metadata.Collection, params *backends.ExplainParams) (*backends.ExplainResult, error) {
	q, args := prepareOrderedQuery(meta, params.Filter, params.Sort, "", false)

	rows, err := db.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	defer rows.Close()

	plan := types.MakeArray(0)

	for rows.Next() {
		var id, parent, notused int32
		var detail string

		if err = rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return nil, lazyerrors.Error(err)
		}

		plan.Append(fmt.Sprintf("id=%d parent=%d notused=%d detail=%s", id, parent, notused, detail))
	}

	if err = rows.Err(); err != nil {
		return nil, lazyerrors.Error(err)
	}

	return &backends.ExplainResult{
		QueryPlanner:   must.NotFail(types.NewDocument("Plan", plan)),
		FilterPushdown: true,
		SortPushdown:   true,
	}, nil
}

// boundConditions returns the filter's string bounds on `_id` as SQL conditions on orderColumn, with their arguments.
func boundConditions(filter *types.Document) ([]string, []any) {
	var conditions []string
	var args []any

	for _, bound := range idorder.StringBounds(filter) {
		conditions = append(conditions, fmt.Sprintf(`%s %s ?`, orderColumn, bound.Operator))
		args = append(args, bound.Value)
	}

	return conditions, args
}

// equalityFields returns the filter's top-level fields compared for equality with a string or ObjectId that lead one
// of the collection's indexes, the most of them, and that index's name; none and "" when no index leads with one.
// With idLast, only an index whose other fields are all such fields and whose last is `_id` counts: SQLite then
// matches the fields in that index while it reads it in `_id` order.
func equalityFields(meta *metadata.Collection, filter *types.Document, idLast bool) ([]string, string) {
	var best []string
	var bestIndex string

	for _, index := range meta.Settings.Indexes {
		keys := index.Key
		if idLast {
			if len(keys) < 2 || keys[len(keys)-1].Field != "_id" {
				continue
			}

			keys = keys[:len(keys)-1]
		}

		fields := make([]string, 0, len(keys))

		for _, key := range keys {
			if key.Field == "_id" || strings.Contains(key.Field, ".") || strings.HasPrefix(key.Field, "$") ||
				equalityValue(filter, key.Field) == "" {
				break
			}

			fields = append(fields, key.Field)
		}

		if (idLast && len(fields) < len(keys)) || len(fields) <= len(best) {
			continue
		}

		best, bestIndex = fields, index.Name
	}

	return best, bestIndex
}

// equalityArms returns the conditions, with their arguments, under which a row's fields may equal the filter's
// values. An equality in MongoDB also matches an array holding the value, and SQLite's `=` on the stored JSON does
// not, so there are arms that never overlap: arm 0 where every field equals its value, and arm i where field i is an
// array, the fields before it equal their values and those after it equal theirs or are arrays. Every arm constrains
// the index's first field, so SQLite reads each from the index.
func equalityArms(filter *types.Document, fields []string) ([]string, [][]any) {
	column := func(field string) string { return fmt.Sprintf(`%s->%q`, metadata.DefaultColumn, field) }
	isArray := func(field string) string { return fmt.Sprintf(`(%[1]s >= '[' AND %[1]s < '\')`, column(field)) }

	arms := make([]string, 0, len(fields)+1)
	args := make([][]any, 0, len(fields)+1)

	for arm := 0; arm <= len(fields); arm++ {
		var conditions []string
		var armArgs []any

		for i, field := range fields {
			switch {
			case arm == 0 || i < arm-1:
				conditions = append(conditions, column(field)+` = ?`)
				armArgs = append(armArgs, equalityValue(filter, field))
			case i == arm-1:
				conditions = append(conditions, isArray(field))
			default:
				conditions = append(conditions, fmt.Sprintf(`(%s = ? OR %s)`, column(field), isArray(field)))
				armArgs = append(armArgs, equalityValue(filter, field))
			}
		}

		arms = append(arms, strings.Join(conditions, " AND "))
		args = append(args, armArgs)
	}

	return arms, args
}

// equalityValue returns the JSON the filter's field must equal (a string or ObjectId, as stored), or "".
func equalityValue(filter *types.Document, field string) string {
	if idorder.KeyCount(filter, field) != 1 {
		return ""
	}

	switch v := must.NotFail(filter.Get(field)).(type) {
	case string, types.ObjectID:
		return string(must.NotFail(sjson.MarshalSingleValue(v)))
	default:
		return ""
	}
}

// prepareOrderedQuery returns the statement for a find idorder.Pushable accepted: each of equalityArms read from the
// index in `_id` order, within the bounds on `_id`, merged by SQLite. The handler still applies the whole filter.
func prepareOrderedQuery(meta *metadata.Collection, filter, sort *types.Document, comment string, onlyRecordIDs bool) (string, []any) {
	columns := metadata.DefaultColumn
	if meta.Capped() {
		columns = metadata.RecordIDColumn + ", " + metadata.DefaultColumn
		if onlyRecordIDs {
			columns = metadata.RecordIDColumn
		}
	}

	if comment != "" {
		comment = strings.ReplaceAll(comment, "/*", "/ *")
		comment = strings.ReplaceAll(comment, "*/", "* /")
		comment = `/* ` + comment + ` */ `
	}

	bounds, boundArgs := boundConditions(filter)
	fields, index := equalityFields(meta, filter, true)

	// Every arm reads that index: SQLite would otherwise read an arm that looks for arrays in another index's `_id`
	// order, testing every row of the partner, to spare a sort of the few rows it finds.
	from := fmt.Sprintf(`%q`, meta.TableName)
	if index != "" {
		from += fmt.Sprintf(` INDEXED BY %q`, meta.TableName+"_"+index)
	}

	var arms []string
	var args []any

	equalities, equalityArgs := equalityArms(filter, fields)
	for i, equality := range equalities {
		conditions := append([]string{}, bounds...)
		if equality != "" {
			conditions = append([]string{equality}, conditions...)
		}

		arms = append(arms, fmt.Sprintf(
			`SELECT %s, %s AS _ferretdb_order FROM %s WHERE %s`,
			columns, orderColumn, from, strings.Join(conditions, " AND "),
		))
		args = append(append(args, equalityArgs[i]...), boundArgs...)
	}

	order := ""
	if idorder.SortOrder(sort) == -1 {
		order = " DESC"
	}

	q := fmt.Sprintf(
		`SELECT %s%s FROM (%s ORDER BY _ferretdb_order%s)`,
		comment, columns, strings.Join(arms, " UNION ALL "), order,
	)

	return q, args
}
