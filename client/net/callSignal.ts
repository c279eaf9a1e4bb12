/**
 * The sound and vibration of being called, made here rather than loaded: a two-tone chime synthesised
 * with Web Audio (nothing to fetch), and a vibration pattern on phones that have one.
 */
let audio: AudioContext | null = null;

function chime(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const start = audio.currentTime + 0.02;
    [880, 660].forEach((freq, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t = start + i * 0.45;
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.25, t + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.001, t + 0.8);
      osc.connect(gain).connect(audio!.destination);
      osc.start(t);
      osc.stop(t + 0.85);
    });
  } catch {
    // No audio on this device: the banner, the title and the vibration still tell.
  }
}

/** Browsers allow sound only after the person has interacted with the page; taking a number counts. */
export function primeSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    // see chime()
  }
}

export function signalCall(): void {
  chime();
  try {
    navigator.vibrate?.([300, 120, 300, 120, 600]);
  } catch {
    // vibration is a bonus
  }
}
