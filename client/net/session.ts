import { create } from 'zustand';
import type { MerchantProfile } from '../../shared/profile.ts';
import { enterHall, leaveHall } from './hallConnection.ts';
import { forgetProfile, loadProfile, saveProfile } from './profileStore.ts';

interface SessionState {
  profile: MerchantProfile | null;
  signIn(profile: MerchantProfile): void;
  signOut(): void;
}

/** The signed-in merchant. A remembered profile walks straight in on page load. */
export const useSession = create<SessionState>((set) => ({
  profile: loadProfile(),
  signIn: (profile) => {
    saveProfile(profile);
    set({ profile });
    void enterHall(profile);
  },
  signOut: () => {
    forgetProfile();
    set({ profile: null });
    void leaveHall();
  },
}));

/** Walk in with the remembered profile, if there is one. */
export function resumeSession(): void {
  const { profile } = useSession.getState();
  if (profile) void enterHall(profile);
}
