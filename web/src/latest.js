// Latest orders the requests of one kind (a view's graph, a details panel, a
// table's answer): begin() starts one and returns a check that stays true
// until another begins, so an answer that arrives after a newer request was
// made is dropped instead of drawn over the newer one. current() watches the
// latest request without starting one.
export class Latest {
  count = 0;

  begin() {
    const mine = ++this.count;
    return () => mine === this.count;
  }

  current() {
    const mine = this.count;
    return () => mine === this.count;
  }
}
