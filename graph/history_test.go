package graph

import (
	"testing"
	"time"
)

func TestKnownOnTellsNowFromAnyInstant(t *testing.T) {
	if !(KnownOn{}).Now() || (KnownOn{}).Param() != nil {
		t.Error("the zero KnownOn must ask about now, as a null parameter")
	}
	// The zero time is an instant too (found by FuzzBind): before anything
	// was recorded, not now.
	for _, at := range []time.Time{{}, time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)} {
		k := KnownAt(at)
		if k.Now() || k.Param() == nil {
			t.Errorf("KnownAt(%v) asks about now", at)
		}
	}
	if k := EndOfDay(time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)); k.Now() || k.Format(time.RFC3339Nano) != "2026-11-28T23:59:59.999999999Z" {
		t.Errorf("EndOfDay = %v", k)
	}
}
