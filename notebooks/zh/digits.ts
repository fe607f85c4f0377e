/**
 * The UCI handwritten digits of `../data/digits.json` (see `../data/README.md`) for the batch-norm notebook: reading
 * and decoding the file, picking rows, and a text preview, so that the notebook itself can stay on BatchNorm.
 *
 * @example
 * import { loadDigits, selectDigits } from './digits';
 * const digits = loadDigits(); // 1797 images of 8×8 pixels in [0, 1], labels 0–9
 * const { images, labels } = selectDigits(digits, [0, 1, 2]); // 3 × 64 pixels, 3 labels
 */
import * as fs from 'fs';
import * as path from 'path';

/** Images and labels. `images` holds `count` images of `height × width` pixels, row after row, scaled to [0, 1]. */
export interface Digits {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly images: Float32Array;
  readonly labels: Int32Array;
}

/** The fields of `digits.json` read here (it has more, describing the data and its origin). */
interface DigitsFile {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly max_value: number;
  /** base64 of `count × height × width` bytes, one per pixel, each from 0 to `max_value`. */
  readonly pixels_base64_uint8: string;
  /** One digit character per image. */
  readonly labels: string;
}

/** Reads `../data/digits.json`, found from this file's folder (any language's notebook folder). */
export function loadDigits(): Digits {
  const file = path.join(__dirname, '..', 'data', 'digits.json');
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as DigitsFile;
  const bytes = Buffer.from(stored.pixels_base64_uint8, 'base64');
  return {
    count: stored.count,
    height: stored.height,
    width: stored.width,
    images: Float32Array.from(bytes, (value) => value / stored.max_value),
    labels: Int32Array.from(stored.labels, Number),
  };
}

/** The images (flat, one after the other) and labels of the given rows, in that order. */
export function selectDigits(
  digits: Digits,
  rows: readonly number[],
): { images: Float32Array; labels: Int32Array } {
  const pixels = digits.height * digits.width;
  const images = new Float32Array(rows.length * pixels);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    images.set(digits.images.subarray(row * pixels, (row + 1) * pixels), i * pixels);
    labels.set(digits.labels.subarray(row, row + 1), i);
  });
  return { images, labels };
}

/** Characters from no ink to full ink. */
const SHADES = ' .:-=+*#%@';

/** The images of the given rows side by side as text, each pixel two characters wide, darker for more ink. */
export function drawDigits(digits: Digits, rows: readonly number[]): string {
  const { images } = selectDigits(digits, rows);
  const shade = (value: number): string => SHADES.charAt(Math.round(value * (SHADES.length - 1))).repeat(2);
  const lines = Array.from({ length: digits.height }, (_, y) =>
    rows
      .map((_row, i) => {
        const start = (i * digits.height + y) * digits.width;
        return Array.from(images.subarray(start, start + digits.width), shade).join('');
      })
      .join('   '),
  );
  return lines.join('\n');
}
