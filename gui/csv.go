package gui

import (
	"encoding/csv"
	"io"

	"github.com/portview/portview/quote"
)

// writeCSV writes rows as UTF-8 CSV with a header row, in the table's
// column order.
func writeCSV(w io.Writer, rows []quote.Security) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(columnTitles[:]); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(cells(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
