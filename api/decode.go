package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
)

// GetData calls GET path?query and decodes the envelope's data into a fresh
// T on every try. A data of null is an unexpected response, as a success
// must carry data.
func GetData[T any](ctx context.Context, c *Client, path string, query url.Values) (T, error) {
	var out T
	err := c.Get(ctx, path, query, func(dec *json.Decoder) error {
		var p *T
		if err := dec.Decode(&p); err != nil {
			return err
		}
		if p == nil {
			return errDataNull
		}
		out = *p
		return nil
	})
	return out, err
}

// DecodeRows decodes a data object {key: [...]} row by row into one slice,
// without holding the rows as raw JSON first: the shape of long lists such
// as the security list. Other keys are skipped; an empty, null or missing
// list is an empty result, not an error.
func DecodeRows[T any](dec *json.Decoder, key string) ([]T, error) {
	rows := []T{}
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if k != key {
			if err := skipValue(dec); err != nil {
				return nil, err
			}
			continue
		}
		if err := expectDelim(dec, '['); errors.Is(err, errDataNull) {
			continue // "list": null
		} else if err != nil {
			return nil, err
		}
		for dec.More() {
			var zero T
			rows = append(rows, zero)
			if err := dec.Decode(&rows[len(rows)-1]); err != nil {
				return nil, err
			}
		}
		if err := expectDelim(dec, ']'); err != nil {
			return nil, err
		}
	}
	return rows, expectDelim(dec, '}')
}
