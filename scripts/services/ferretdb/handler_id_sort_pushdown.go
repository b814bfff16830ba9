// Added to FerretDB v1.24.2's handler by this project's build (scripts/services/binaries.ts); see docs/ferretdb.md,
// "Lists in `_id` order".

package handler

import (
	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/idorder"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
)

// idSortPushable reports whether the backend returns this find in `_id` order, so that the handler need not sort.
func (h *Handler) idSortPushable(cInfo *backends.CollectionInfo, filter, sort *types.Document) bool {
	return h.EnableIDSortPushdown && !cInfo.Capped() && idorder.Pushable(filter, sort)
}

// withoutPushedSort returns the find's parameters without the sort the backend applies, if it does.
func withoutPushedSort(params *common.FindParams, qp *backends.QueryParams) *common.FindParams {
	if idorder.SortOrder(qp.Sort) == 0 {
		return params
	}

	withoutSort := *params
	withoutSort.Sort = nil

	return &withoutSort
}
