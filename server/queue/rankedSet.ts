/**
 * A sorted set that also knows every item's rank: an AVL tree whose nodes count their subtree. The queue
 * keeps each service's line in two of these, so "who is next", "what is my place" and "how many are
 * waiting" cost O(log n) however long the line, instead of a sort of every ticket.
 *
 * Worst-case bounds, n items: add, delete, has, rank, at and countWhile are O(log n) (an AVL tree is at most
 * 1.44·log2(n) deep); iterating k items from any index is O(log n + k). Items must not change their order
 * while in the set (take one out, change it, put it back), and the set must not change while iterated.
 */

interface Node<T> {
  item: T;
  left: Node<T> | null;
  right: Node<T> | null;
  height: number;
  size: number;
}

const height = <T>(n: Node<T> | null): number => (n ? n.height : 0);
const sizeOf = <T>(n: Node<T> | null): number => (n ? n.size : 0);

function update<T>(n: Node<T>): Node<T> {
  n.height = Math.max(height(n.left), height(n.right)) + 1;
  n.size = sizeOf(n.left) + sizeOf(n.right) + 1;
  return n;
}

function rotateRight<T>(n: Node<T>): Node<T> {
  const l = n.left!;
  n.left = l.right;
  l.right = update(n);
  return update(l);
}

function rotateLeft<T>(n: Node<T>): Node<T> {
  const r = n.right!;
  n.right = r.left;
  r.left = update(n);
  return update(r);
}

/** Restore the AVL balance (subtree heights differ by at most one) after one insertion or removal below n. */
function balance<T>(n: Node<T>): Node<T> {
  update(n);
  const lean = height(n.left) - height(n.right);
  if (lean > 1) {
    if (height(n.left!.left) < height(n.left!.right)) n.left = rotateLeft(n.left!);
    return rotateRight(n);
  }
  if (lean < -1) {
    if (height(n.right!.right) < height(n.right!.left)) n.right = rotateRight(n.right!);
    return rotateLeft(n);
  }
  return n;
}

export class RankedSet<T> {
  private root: Node<T> | null = null;
  private readonly compare: (a: T, b: T) => number;

  /** `compare` must be a total order: 0 only for the same item (ties broken, e.g. by id). */
  constructor(compare: (a: T, b: T) => number) {
    this.compare = compare;
  }

  get size(): number {
    return sizeOf(this.root);
  }

  /** Adds the item; false (and no change) when an item comparing equal is already there. */
  add(item: T): boolean {
    const before = this.size;
    this.root = this.insert(this.root, item);
    return this.size > before;
  }

  private insert(n: Node<T> | null, item: T): Node<T> {
    if (!n) return { item, left: null, right: null, height: 1, size: 1 };
    const c = this.compare(item, n.item);
    if (c === 0) return n;
    if (c < 0) n.left = this.insert(n.left, item);
    else n.right = this.insert(n.right, item);
    return balance(n);
  }

  /** Removes the item comparing equal to `item`; false when there is none. */
  delete(item: T): boolean {
    const before = this.size;
    this.root = this.remove(this.root, item);
    return this.size < before;
  }

  private remove(n: Node<T> | null, item: T): Node<T> | null {
    if (!n) return null;
    const c = this.compare(item, n.item);
    if (c < 0) n.left = this.remove(n.left, item);
    else if (c > 0) n.right = this.remove(n.right, item);
    else {
      if (!n.left) return n.right;
      if (!n.right) return n.left;
      // Two children: the next item in order takes this node's place.
      let next = n.right;
      while (next.left) next = next.left;
      n.item = next.item;
      n.right = this.remove(n.right, next.item);
    }
    return balance(n);
  }

  has(item: T): boolean {
    let n = this.root;
    while (n) {
      const c = this.compare(item, n.item);
      if (c === 0) return true;
      n = c < 0 ? n.left : n.right;
    }
    return false;
  }

  /** How many items order before `item` (its 0-based index when it is in the set). */
  rank(item: T): number {
    let n = this.root;
    let before = 0;
    while (n) {
      const c = this.compare(item, n.item);
      if (c <= 0) {
        if (c === 0) return before + sizeOf(n.left);
        n = n.left;
      } else {
        before += sizeOf(n.left) + 1;
        n = n.right;
      }
    }
    return before;
  }

  /** The item at a 0-based index in order, or undefined past the end. */
  at(index: number): T | undefined {
    let n = this.root;
    let i = index;
    while (n) {
      const left = sizeOf(n.left);
      if (i < left) n = n.left;
      else if (i === left) return n.item;
      else {
        i -= left + 1;
        n = n.right;
      }
    }
    return undefined;
  }

  /**
   * The length of the longest prefix whose items all satisfy `inPrefix`, which must hold for a prefix of the
   * order and then never again (e.g. "booked at or before now" over items ordered by booked time).
   */
  countWhile(inPrefix: (item: T) => boolean): number {
    let n = this.root;
    let count = 0;
    while (n) {
      if (inPrefix(n.item)) {
        count += sizeOf(n.left) + 1;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return count;
  }

  /** Items in order from a 0-based index: O(log n) to reach it, then O(1) amortised per item. */
  *values(from = 0): Generator<T, void, undefined> {
    const stack: Node<T>[] = [];
    let n = this.root;
    let i = from;
    // Walk down to the item at `from`, keeping the nodes still to visit after it on the stack.
    while (n) {
      const left = sizeOf(n.left);
      if (i < left) {
        stack.push(n);
        n = n.left;
      } else if (i === left) {
        stack.push(n);
        break;
      } else {
        i -= left + 1;
        n = n.right;
      }
    }
    while (stack.length > 0) {
      const next = stack.pop()!;
      yield next.item;
      for (let m = next.right; m; m = m.left) stack.push(m);
    }
  }
}
