package table

import (
	"encoding/csv"
	"io"
	"os"
)

// utf8BOM starts every CSV file: without it Excel reads UTF-8 as the
// system's code page, and Chinese names turn into mojibake.
const utf8BOM = "\uFEFF"

// WriteCSV writes rows as UTF-8 CSV with a byte-order mark and a header
// row, in the columns' order, each cell as the column's CSV text.
func WriteCSV[R any](w io.Writer, cols []Column[R], rows []R) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.CSV
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	record := make([]string, len(cols))
	for i := range rows {
		for j := range cols {
			record[j] = cols[j].CSVText(&rows[i])
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteFile writes a file through write, removing what it left on a
// failure, so that a half-written file is never taken for an export.
func WriteFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
	}
	return err
}
