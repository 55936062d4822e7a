package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// captureLog sends the default logger to a buffer for the test.
func captureLog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

func TestDecimalTakesEveryWireForm(t *testing.T) {
	tests := []struct {
		name      string
		json      string
		wantValid bool
		wantValue string // decimal.String() when valid
		wantRaw   string
		wantLog   bool
	}{
		{"a price in a string is exact", `"457.53"`, true, "457.53", "457.53", false},
		{"trailing zeros are kept in Raw", `"372.400"`, true, "372.4", "372.400", false},
		{"a negative amount is read", `"-221.77"`, true, "-221.77", "-221.77", false},
		{"zero with decimals is a valid zero", `"0.000"`, true, "0", "0.000", false},
		{"an empty string is no value, not zero", `""`, false, "", "", false},
		{"the placeholder -- is no value and not logged", `"--"`, false, "", "--", false},
		{"null is no value", `null`, false, "", "", false},
		{"a plain JSON number is read exactly", `0.1`, true, "0.1", "0.1", false},
		{"a long number loses no digit", `"12345678901234567890.123456789"`, true, "12345678901234567890.123456789", "12345678901234567890.123456789", false},
		{"garbage is kept as it came and logged", `"12,5 HKD"`, false, "", "12,5 HKD", true},
		{"an escaped string is unescaped", `"1\u0030"`, true, "10", "10", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := captureLog(t)
			var d Decimal
			if err := json.Unmarshal([]byte(tt.json), &d); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if d.Valid != tt.wantValid || d.Raw != tt.wantRaw {
				t.Errorf("Decimal = %+v, want Valid %v, Raw %q", d, tt.wantValid, tt.wantRaw)
			}
			if tt.wantValid && d.Value.String() != tt.wantValue {
				t.Errorf("Value = %s, want %s", d.Value, tt.wantValue)
			}
			if !tt.wantValid && !d.Value.IsZero() {
				t.Errorf("Value = %s for no value, want the zero decimal", d.Value)
			}
			if d.String() != tt.wantRaw {
				t.Errorf("String = %q, want %q", d.String(), tt.wantRaw)
			}
			if got := log.Len() > 0; got != tt.wantLog {
				t.Errorf("logged %q, want a log line: %v", log.String(), tt.wantLog)
			}
		})
	}
}

func TestDecimalIsZeroOnlyForAValidZero(t *testing.T) {
	for raw, want := range map[string]bool{"0": true, "0.000": true, "": false, "--": false, "0.01": false} {
		if got := NewDecimal(raw).IsZero(); got != want {
			t.Errorf("NewDecimal(%q).IsZero() = %v, want %v", raw, got, want)
		}
	}
}

func TestTimeTakesEveryWireForm(t *testing.T) {
	at := time.Date(2024, 6, 14, 2, 0, 55, 0, time.UTC)
	tests := []struct {
		name      string
		json      string
		wantValid bool
		wantRaw   string
		wantLog   bool
	}{
		{"unix seconds in a string", `"1718330455"`, true, "1718330455", false},
		{"unix seconds as a JSON number, as some doc pages print", `1718330455`, true, "1718330455", false},
		{`"0" is no time`, `"0"`, false, "0", false},
		{"a number 0 is no time", `0`, false, "0", false},
		{"an empty string is no time", `""`, false, "", false},
		{"null is no time", `null`, false, "", false},
		{"a date is kept as it came and logged", `"2024-06-14"`, false, "2024-06-14", true},
		{"a negative number is kept and logged", `"-5"`, false, "-5", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := captureLog(t)
			var got Time
			if err := json.Unmarshal([]byte(tt.json), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if got.Valid != tt.wantValid || got.Raw != tt.wantRaw {
				t.Errorf("Time = %+v, want Valid %v, Raw %q", got, tt.wantValid, tt.wantRaw)
			}
			if tt.wantValid && !got.Time.Equal(at) {
				t.Errorf("Time = %v, want %v", got.Time, at)
			}
			if !tt.wantValid && !got.Time.IsZero() {
				t.Errorf("Time = %v for no time, want the zero time", got.Time)
			}
			if logged := log.Len() > 0; logged != tt.wantLog {
				t.Errorf("logged %q, want a log line: %v", log.String(), tt.wantLog)
			}
		})
	}
}

func TestIDKeepsEveryDigit(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"a string id", `"1093021554481012736"`, "1093021554481012736"},
		{"a numeric id keeps its 19 digits", `1093021554481012736`, "1093021554481012736"},
		{"a small watchlist id as a number", `10482`, "10482"},
		{"null is empty", `null`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var id ID
			if err := json.Unmarshal([]byte(tt.json), &id); err != nil || string(id) != tt.want {
				t.Errorf("ID = %q, err %v; want %q", id, err, tt.want)
			}
		})
	}
}

func TestAnUnreadableFieldDoesNotLoseTheRow(t *testing.T) {
	captureLog(t)
	var row struct {
		Price Decimal `json:"price"`
		At    Time    `json:"at"`
		Name  string  `json:"name"`
	}
	err := json.Unmarshal([]byte(`{"price":{"odd":1},"at":[1],"name":"Tencent"}`), &row)
	if err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if row.Name != "Tencent" || row.Price.Valid || !strings.Contains(row.Price.Raw, "odd") || row.At.Valid {
		t.Errorf("row = %+v, want the name and both odd values kept as they came", row)
	}
}
