declare module 'xhr2';
