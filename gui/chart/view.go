package chart

// View is which bars are on screen: Count bars ending Back bars before the
// latest. The zero View shows every bar up to the latest.
type View struct {
	Count int // bars on screen; 0 for all of them
	Back  int // bars between the last one on screen and the latest
}

// Limits of zooming: never fewer bars than MinBars, never more than MaxBars.
const (
	MinBars = 10
	MaxBars = 2000
)

// Window is the first bar on screen and how many there are, out of n.
func (v View) Window(n int) (first, count int) {
	if n <= 0 {
		return 0, 0
	}
	count = v.Count
	if count <= 0 || count > n {
		count = min(n, MaxBars)
	}
	back := min(max(v.Back, 0), n-count)
	return n - back - count, count
}

// Zoom shows count × factor bars (fewer when factor < 1), keeping the bar
// at anchor (0 the left edge, 1 the right) where it is on screen.
func (v View) Zoom(n int, factor, anchor float64) View {
	first, count := v.Window(n)
	if count == 0 {
		return v
	}
	want := int(float64(count)*factor + 0.5)
	if want == count {
		if factor > 1 {
			want++
		} else if factor < 1 {
			want--
		}
	}
	want = min(max(want, min(MinBars, n)), min(n, MaxBars))
	pivot := float64(first) + anchor*float64(count)
	newFirst := int(pivot - anchor*float64(want) + 0.5)
	newFirst = min(max(newFirst, 0), n-want)
	return View{Count: want, Back: n - newFirst - want}
}

// Pan moves the view bars towards the past (negative: towards the latest),
// stopping at either end.
func (v View) Pan(n, bars int) View {
	_, count := v.Window(n)
	if count == 0 {
		return v
	}
	v.Count = count
	v.Back = min(max(v.Back+bars, 0), n-count)
	return v
}

// Latest is the view back at the latest bars, at its zoom.
func (v View) Latest() View { return View{Count: v.Count} }
